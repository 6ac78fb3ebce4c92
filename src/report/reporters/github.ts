/**
 * GitHub Actions: `::error` workflow commands that GitHub shows as annotations on the scenario
 * file, at the line of the failed step or expectation (or of each invalid key), and the job
 * summary (../github-summary.ts) appended to GITHUB_STEP_SUMMARY.
 */
import { appendGithubSummary } from '../github-summary.ts';
import { issuesByFile, problemsOf, problemsOfIssues, workspacePath, type Problem } from './problems.ts';
import type { Reporter } from './reporter.ts';

/** A workflow command's message: `%`, CR and LF escaped (GitHub's rules for command data). */
export function escapeData(text: string): string {
  return text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

/** A workflow command's property value: as data, and `:` and `,` too (they delimit properties). */
export function escapeProperty(text: string): string {
  return escapeData(text).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

/** `::error file=F,line=L,col=C,title=T::message` for one problem in `file`. */
export function errorAnnotation(file: string, problem: Problem, cwd: string = process.cwd()): string {
  const props: [string, string | number][] = [['file', workspacePath(problem.at?.file ?? file, cwd)]];
  if (problem.at) props.push(['line', problem.at.line], ['col', problem.at.column]);
  props.push(['title', `pgdrill: ${problem.title}`]);
  const properties = props.map(([k, v]) => `${k}=${escapeProperty(String(v))}`).join(',');
  return `::error ${properties}::${escapeData(problem.message)}`;
}

export interface GithubReporterOptions {
  /** print annotations (in GitHub Actions, or asked for with --reporter github) */
  annotate: boolean;
  /** where workflow commands go: stdout, or stderr when stdout is reserved for --json */
  emit: (line: string) => void;
  /** progress messages */
  say: (line: string) => void;
  env?: Record<string, string | undefined>;
  cwd?: string;
}

export function githubReporter(options: GithubReporterOptions): Reporter {
  const { annotate, emit, say, env = process.env, cwd = process.cwd() } = options;
  return {
    name: 'github',
    onScenarioEnd({ result, source }) {
      if (!annotate || result.status === 'passed') return;
      for (const problem of problemsOf(result, source))
        emit(errorAnnotation(source?.file ?? result.file, problem, cwd));
    },
    async onEnd(run) {
      if (annotate)
        for (const [file, issues] of issuesByFile(run.invalid))
          for (const problem of problemsOfIssues(issues)) emit(errorAnnotation(file, problem, cwd));
      if (run.invalid.length > 0) return; // nothing ran: no summary table to append
      if (await appendGithubSummary(run.summary, run.results, env))
        say('appended the results to the GitHub job summary');
    },
  };
}
