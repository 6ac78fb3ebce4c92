/**
 * The GitHub Actions job summary: one Markdown table of the run's verdicts and headline metrics,
 * then, for each scenario that did not pass, what failed and where its report is. Appended to
 * the file GitHub names in GITHUB_STEP_SUMMARY; nothing is written anywhere else.
 */
import { targetWithUnit } from './units.ts';
import { appendFile } from 'node:fs/promises';
import path from 'node:path';
import type { Metrics } from '../checks/types.ts';
import type { RunSummary, ScenarioResult, ScenarioStatus } from '../result/result.ts';
import {
  LIST_CAP,
  type ShownStatus,
  VERDICT,
  checksumMatch,
  expectationVerdict,
  formatActual,
  formatDuration,
  formatNumber,
  shownStatus,
  stepStatus,
  runCounts,
} from './format.ts';
import { mdCell } from './markdown.ts';

const ICON: Record<ShownStatus, string> = {
  passed: '✅',
  failed: '❌',
  'not-measured': '❔',
  error: '⚠️',
  xfailed: '☑️',
  xpassed: '❌',
};

/** The entry's status as shown, taking the result's verdict when the summary lacks it. */
const shown = ({ entry, result }: Row): ShownStatus =>
  shownStatus({
    status: entry.status,
    verdict: entry.verdict ?? result?.verdict ?? null,
    expected: entry.expected ?? result?.expectedFailure?.outcome,
  });

const EXIT_MEANING: Record<RunSummary['exitCode'], string> = {
  0: 'every scenario met every expectation',
  1: 'a drill found a problem, or an expectation could not be measured',
  2: 'a scenario file or the command line is invalid',
  3: 'the infrastructure failed',
};

/** Error messages are cut to this many characters in the summary; the report has them whole. */
const MESSAGE_CAP = 1_000;

/** GitHub renders HTML in summaries: text must not open a tag or an entity. */
const html = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** A GFM table cell: HTML-escaped, `|` and newlines escaped. */
const cell = (text: string) => mdCell(html(text));

/** An inline code span that no backtick inside `text` can close early; one line. */
function code(text: string): string {
  const flat = text.replace(/\s*\r?\n\s*/g, ' ');
  const longest = Math.max(0, ...[...flat.matchAll(/`+/g)].map((m) => m[0].length));
  const tick = '`'.repeat(longest + 1);
  const pad = flat.startsWith('`') || flat.endsWith('`') ? ' ' : '';
  return `${tick}${pad}${flat}${pad}${tick}`;
}

/** A fenced block that no backtick run inside `text` can close early. */
function fence(text: string): string {
  const longest = Math.max(2, ...[...text.matchAll(/`+/g)].map((m) => m[0].length));
  const f = '`'.repeat(longest + 1);
  return `${f}text\n${text}\n${f}`;
}

const cap = (text: string) =>
  text.length > MESSAGE_CAP ? `${text.slice(0, MESSAGE_CAP)}… (cut; the report has it whole)` : text;

const rpoLost = (m: Metrics | null) => (m?.rpo.lostTransactions == null ? 'n/a' : String(m.rpo.lostTransactions));
const rtoSeconds = (m: Metrics | null) => (m?.rto.seconds == null ? 'n/a' : `${formatNumber(m.rto.seconds)} s`);
/** `match`, `MISMATCH` or `n/a` — the reason for n/a is in the report, not in a table cell */
const checksums = (m: Metrics | null) => (m === null || m.checksums.match === null ? 'n/a' : checksumMatch(m));

/** Where a file is, as the person reading the summary will find it: relative to the workspace when inside it. */
function displayPath(file: string, cwd: string): string {
  const relative = path.relative(cwd, file);
  return relative === '' || relative.startsWith('..') || path.isAbsolute(relative)
    ? file
    : relative.split(path.sep).join('/');
}

type Row = { entry: RunSummary['scenarios'][number]; result: ScenarioResult | undefined };

/** Pairs each summary entry with its result: same position when the names agree, else by name. */
function pair(summary: RunSummary, results: ScenarioResult[]): Row[] {
  return summary.scenarios.map((entry, i) => ({
    entry,
    result: results[i]?.scenario === entry.scenario ? results[i] : results.find((r) => r.scenario === entry.scenario),
  }));
}

function failedNames({ entry, result }: Row): string[] {
  return result ? result.expectations.filter((e) => !e.passed).map((e) => e.name) : entry.failedExpectations;
}

function tableRow(row: Row): string {
  const { entry, result } = row;
  const metrics = result?.metrics ?? null;
  const failed = failedNames(row);
  const failedCell = failed.length
    ? failed.join(', ')
    : entry.status === 'error' && result?.error
      ? `error ${result.error.code}`
      : '—';
  const cells = [
    entry.scenario,
    `${ICON[shown(row)]} ${VERDICT[shown(row)]}`,
    rpoLost(metrics),
    rtoSeconds(metrics),
    checksums(metrics),
    failedCell,
  ];
  return `| ${cells.map(cell).join(' | ')} |`;
}

/** What went wrong in one scenario that did not pass, folded. */
function details(row: Row, summary: RunSummary, cwd: string): string {
  const { entry, result } = row;
  const lines: string[] = [];
  const failed = result?.expectations.filter((e) => !e.passed) ?? [];
  for (const e of failed.slice(0, LIST_CAP)) {
    lines.push(
      expectationVerdict(e) === 'not-measured'
        ? `- ${code(e.name)}: expected ${code(targetWithUnit(e.name, e.expected))}, ${code(formatActual(e))}`
        : `- ${code(e.name)}: expected ${code(targetWithUnit(e.name, e.expected))}, actual ${code(formatActual(e))}`,
    );
  }
  if (failed.length > LIST_CAP) lines.push(`- … and ${failed.length - LIST_CAP} more failed expectation(s)`);
  if (!result) for (const name of entry.failedExpectations) lines.push(`- ${code(name)} failed`);
  for (const s of result?.steps.filter((s) => s.status === 'failed' || s.status === 'unexpected-success') ?? []) {
    lines.push(
      `- step ${s.index + 1} ${code(s.title)} ${stepStatus[s.status]}${s.error ? `: ${code(cap(s.error))}` : ''}`,
    );
  }
  if (lines.length === 0 && !result?.error) lines.push('- no failed expectation or step was recorded; see the report');
  const out = [
    `<details><summary>${ICON[shown(row)]} ${html(entry.scenario)} — ${VERDICT[shown(row)]}</summary>`,
    '',
    ...lines,
  ];
  if (result?.error) {
    out.push(
      '',
      `${entry.status === 'error' ? 'Error' : 'Failure'} ${code(result.error.code)}:`,
      '',
      fence(cap(result.error.message)),
    );
    if (result.error.hint) out.push('', `What to do: ${html(result.error.hint)}`);
  }
  const report = displayPath(path.join(path.resolve(summary.reportDir, entry.dir), 'report.md'), cwd);
  out.push('', `Report: ${code(report)}`, '', '</details>');
  return out.join('\n');
}

/**
 * The summary as GitHub-flavoured Markdown: a heading with the counts and the exit code, one
 * table row per scenario (verdict, RPO lost, RTO, checksums, failed expectations), then a folded
 * details block per scenario that failed or errored. Report paths are shown relative to `cwd`
 * (the workspace in CI) when they are inside it.
 */
export function renderGithubSummary(
  summary: RunSummary,
  results: ScenarioResult[],
  options: { cwd?: string } = {},
): string {
  const cwd = options.cwd ?? process.cwd();
  const rows = pair(summary, results);
  const count = (status: ShownStatus) => rows.filter((r) => shown(r) === status).length;
  const overall: ShownStatus =
    count('error') > 0
      ? 'error'
      : count('failed') + count('xpassed') > 0
        ? 'failed'
        : count('not-measured') > 0
          ? 'not-measured'
          : 'passed';
  const out = [
    `## ${ICON[overall]} pgdrill run ${code(summary.runId)}`,
    `${summary.scenarios.length} scenario(s): ${runCounts(count)} in ${formatDuration(summary.durationMs)} — exit code ${summary.exitCode} (${EXIT_MEANING[summary.exitCode]})`,
  ];
  if (rows.length === 0) out.push('No scenario ran.');
  else {
    out.push(
      [
        '| Scenario | Verdict | RPO lost | RTO | Checksums | Failed expectations |',
        '|---|---|---|---|---|---|',
        ...rows.map(tableRow),
      ].join('\n'),
    );
  }
  const bad = rows.filter((r) => r.entry.status !== 'passed');
  if (bad.length) out.push(...bad.map((r) => details(r, summary, cwd)));
  return `${out.join('\n\n')}\n`;
}

/**
 * Appends the summary to the file named by GITHUB_STEP_SUMMARY, when that is set (GitHub Actions
 * sets it for every step). Returns whether it wrote. A failure to write is thrown: the caller
 * decides whether that may change the run's exit code.
 */
export async function appendGithubSummary(
  summary: RunSummary,
  results: ScenarioResult[],
  env: Record<string, string | undefined> = process.env,
): Promise<boolean> {
  const file = env.GITHUB_STEP_SUMMARY;
  if (!file) return false;
  // a blank line first: other steps may have left a paragraph or a table open
  await appendFile(file, `\n${renderGithubSummary(summary, results)}`, 'utf8');
  return true;
}
