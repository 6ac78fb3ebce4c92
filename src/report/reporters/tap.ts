/**
 * `--reporter tap`: TAP version 14 on stdout, streamed: the plan when the run begins, one test
 * point per scenario as it ends (a failed or errored drill is `not ok` with a YAML diagnostic of
 * what failed and where), or, when files are invalid, one `not ok` per invalid file and a
 * `# SKIP` per file left unrun.
 */
import { stringify } from 'yaml';
import { formatIssue } from '../../errors.ts';
import { issuesByFile, problemsOf, workspacePath, type Problem } from './problems.ts';
import type { Reporter } from './reporter.ts';

/** A test point's description may not hold `#` (it starts a directive) nor a line break. */
const description = (text: string) => text.replace(/[\r\n]+/g, ' ').replace(/#/g, '\\#');

/** The YAML diagnostic block, indented under its test point. */
function diagnostic(fields: Record<string, unknown>): string {
  const yaml = stringify(fields, { lineWidth: 0 }).trimEnd();
  return ['  ---', ...yaml.split('\n').map((l) => `  ${l}`), '  ...'].join('\n');
}

const where = (p: Problem, cwd: string) =>
  p.at ? `${workspacePath(p.at.file, cwd)}:${p.at.line}:${p.at.column}` : undefined;

export function tapReporter(print: (text: string) => void, cwd: string = process.cwd()): Reporter {
  let n = 0;
  const point = (ok: boolean, name: string, extra = '') => {
    n += 1;
    return `${ok ? 'ok' : 'not ok'} ${n} - ${description(name)}${extra}`;
  };
  return {
    name: 'tap',
    onBegin(run) {
      print(`TAP version 14\n1..${run.scenarios.length}`);
    },
    onScenarioEnd({ result, source }) {
      // TAP's own expected failure: a `not ok` marked TODO does not fail the run
      if (result.expectedFailure?.outcome === 'failed-as-expected')
        return print(point(false, result.scenario, ` # TODO ${description(result.expectedFailure.detail)}`));
      if (result.status === 'passed') return print(point(true, result.scenario));
      const problems = problemsOf(result, source);
      print(
        `${point(false, result.scenario)}\n${diagnostic({
          severity: result.status === 'error' ? 'error' : 'fail',
          file: workspacePath(source?.file ?? result.file, cwd),
          problems: problems.map((p) => ({ message: p.message, ...(p.at ? { at: where(p, cwd) } : {}) })),
        })}`,
      );
    },
    onEnd(run) {
      if (run.invalid.length === 0) return;
      const files = issuesByFile(run.invalid);
      const lines = ['TAP version 14', `1..${files.size + run.notRun.length}`];
      for (const [file, issues] of files) {
        lines.push(
          point(false, workspacePath(file, cwd)),
          diagnostic({ severity: 'invalid', problems: issues.map(formatIssue) }),
        );
      }
      for (const file of run.notRun)
        lines.push(point(true, workspacePath(file, cwd), ' # SKIP another scenario file is invalid'));
      print(lines.join('\n'));
    },
  };
}
