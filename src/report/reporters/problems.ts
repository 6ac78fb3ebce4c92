/**
 * What went wrong in one scenario, as positioned one-line problems: the shared source of the
 * JUnit failure message, Allure's status details, TAP's diagnostics and GitHub's annotations.
 */
import { targetWithUnit } from '../units.ts';
import path from 'node:path';
import type { ScenarioIssue } from '../../errors.ts';
import type { ScenarioResult } from '../../result/result.ts';
import type { SourcePosition } from '../../model/model.ts';
import { formatActual, stepStatus } from '../format.ts';
import type { ScenarioSource } from './reporter.ts';

export interface Problem {
  /** e.g. "expectation rpo.lostTransactions", "step 2 fault kill primary", "error PGDRILL_…" */
  title: string;
  message: string;
  /** where in the scenario file; absent when no line is known (the whole file is meant) */
  at?: SourcePosition;
}

/** Failed expectations, failed (or unexpectedly successful) steps, then the scenario's error. */
export function problemsOf(result: ScenarioResult, source: ScenarioSource | undefined): Problem[] {
  const problems: Problem[] = [];
  // declared to fail (`xfail`) and did not fail that way: that is the problem, first
  const expected = result.expectedFailure;
  if (expected && expected.outcome !== 'failed-as-expected')
    problems.push({ title: 'xfail', message: `${expected.detail} (declared: ${expected.reason})` });
  for (const e of result.expectations.filter((x) => !x.passed)) {
    problems.push({
      title: `expectation ${e.name}`,
      message: `${e.name}: expected ${targetWithUnit(e.name, e.expected)}, actual ${formatActual(e)}`,
      at: source?.expectations[e.name],
    });
  }
  for (const s of result.steps.filter((x) => x.status === 'failed' || x.status === 'unexpected-success')) {
    const title = `step ${s.index + 1} ${s.title}`;
    problems.push({
      title,
      message: `${title} ${stepStatus[s.status]}${s.error ? `: ${s.error}` : ''}`,
      at: source?.steps[s.index],
    });
  }
  if (result.error) {
    const hint = result.error.hint ? ` (what to do: ${result.error.hint})` : '';
    problems.push({ title: `error ${result.error.code}`, message: `${result.error.message}${hint}` });
  }
  return problems;
}

/** An invalid file's problems, one per issue, each at its key. */
export function problemsOfIssues(issues: ScenarioIssue[]): Problem[] {
  return issues.map((issue) => ({
    title: issue.path ? `invalid ${issue.path}` : 'invalid scenario file',
    message: issue.path ? `${issue.path}: ${issue.message}` : issue.message,
    at: issue.position,
  }));
}

/** The invalid files, each with its issues, in the order they were reported. */
export function issuesByFile(issues: ScenarioIssue[]): Map<string, ScenarioIssue[]> {
  const files = new Map<string, ScenarioIssue[]>();
  for (const issue of issues) files.set(issue.position.file, [...(files.get(issue.position.file) ?? []), issue]);
  return files;
}

/** A file as CI shows it: relative to `cwd` (the workspace) with `/` when inside it, else as given. */
export function workspacePath(file: string, cwd: string = process.cwd()): string {
  const relative = path.relative(cwd, path.resolve(file));
  return relative === '' || relative.startsWith('..') || path.isAbsolute(relative)
    ? file
    : relative.split(path.sep).join('/');
}
