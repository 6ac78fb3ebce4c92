/**
 * `--junit FILE`: JUnit XML, as CI test-report tools read it. One test case per scenario (its
 * file as the test's file); a failed drill's failed expectations and step errors are the
 * failure's message, an errored drill is an <error>, each invalid scenario file is a failed test
 * case and the valid files that therefore did not run are skipped ones. Built with
 * junit-report-builder: no hand-written XML.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import junitModule, { type Builder, type TestSuite } from 'junit-report-builder';
import { formatIssue } from '../../errors.ts';
import type { ScenarioResult } from '../../result/result.ts';
import { type Problem, issuesByFile, problemsOf, workspacePath } from './problems.ts';
import type { Reporter, RunEnd, ScenarioSource } from './reporter.ts';

// The package is CommonJS whose module.exports *is* the builder; its types declare it as `default`.
const junit = junitModule as unknown as Builder;

const CLASS_NAME = 'pgdrill';

/** `file:line:col title: message`, one problem a line: the failure's body. */
function body(problems: Problem[], cwd: string): string {
  return problems
    .map((p) => (p.at ? `${workspacePath(p.at.file, cwd)}:${p.at.line}:${p.at.column} ${p.message}` : p.message))
    .join('\n');
}

function addScenario(suite: TestSuite, result: ScenarioResult, source: ScenarioSource | undefined, cwd: string): void {
  const test = suite
    .testCase()
    .className(CLASS_NAME)
    .name(result.scenario)
    .file(workspacePath(source?.file ?? result.file, cwd))
    .time(result.durationMs / 1000);
  if (result.status === 'passed') {
    // failed as declared (xfail): a pass that says so
    if (result.expectedFailure)
      test.standardOutput(`${result.expectedFailure.detail} (declared: ${result.expectedFailure.reason})`);
    return;
  }
  const problems = problemsOf(result, source);
  const message = problems.map((p) => p.message).join('; ') || `the drill ${result.status}`;
  if (result.status === 'error') test.error(message, result.error?.code ?? 'error', body(problems, cwd));
  else test.failure(message, 'drill-failed').stacktrace(body(problems, cwd));
}

/** The run as JUnit XML text. */
export function renderJunit(run: RunEnd, cwd: string = process.cwd()): string {
  const builder = junit.newBuilder();
  const suite = builder.testSuite().name(`pgdrill run ${run.summary.runId}`).timestamp(new Date(run.summary.startedAt));
  if (run.summary.durationMs > 0) suite.time(run.summary.durationMs / 1000);
  for (const result of run.results) addScenario(suite, result, run.sources[result.scenario], cwd);
  for (const [file, issues] of issuesByFile(run.invalid)) {
    const shown = workspacePath(file, cwd);
    suite
      .testCase()
      .className(CLASS_NAME)
      .name(shown)
      .file(shown)
      .failure(issues.map((i) => `${i.path ? `${i.path}: ` : ''}${i.message}`).join('; '), 'PGDRILL_SCENARIO_INVALID')
      .stacktrace(issues.map(formatIssue).join('\n'));
  }
  for (const file of run.notRun) {
    const shown = workspacePath(file, cwd);
    suite
      .testCase()
      .className(CLASS_NAME)
      .name(shown)
      .file(shown)
      .skipped()
      .standardOutput('not run: another scenario file is invalid, so no drill ran');
  }
  return `${builder.build()}\n`;
}

export function junitReporter(file: string): Reporter {
  return {
    name: 'junit',
    async onEnd(run) {
      const target = path.resolve(file);
      await mkdir(path.dirname(target), { recursive: true });
      await writeFile(target, renderJunit(run));
    },
  };
}
