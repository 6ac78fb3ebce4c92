/** The short verdict printed after each drill and the roll-up after a multi-scenario run. */
import { targetWithUnit } from './units.ts';
import type { ExpectationResult } from '../checks/types.ts';
import path from 'node:path';
import { rtoPhasesText } from './rto-phases.ts';
import { recoveryHeadline } from './format-recovery.ts';
import type { Metrics } from '../checks/types.ts';
import type { RunSummary, ScenarioResult } from '../result/result.ts';
import {
  type ShownStatus,
  VERDICT,
  expectationVerdict,
  shownStatus,
  checksumMatch,
  formatActual,
  formatDuration,
  formatNumber,
  maxStall,
  paceText,
  na,
  observedHeadlines,
  seconds,
  clientErrorText,
  runCounts,
  describeFates,
  readYourWritesText,
} from './format.ts';

export interface TerminalOptions {
  /** ANSI colors; the caller decides (TTY, NO_COLOR) */
  color: boolean;
  /** where the full report is, as the user should type it */
  reportPath?: string;
}

const MARK: Record<ShownStatus, string> = {
  passed: '✔',
  failed: '✘',
  'not-measured': '?',
  error: '!',
  xfailed: '✔',
  xpassed: '✘',
};
const HUE: Record<ShownStatus, number> = {
  passed: 32,
  failed: 31,
  'not-measured': 35,
  error: 33,
  xfailed: 32,
  xpassed: 31,
};
const EXPECTATION_MARK = { held: [32, '✔'], failed: [31, '✘'], 'not-measured': [35, '?'] } as const;

function painter(color: boolean) {
  return (code: number | string, text: string) => (color ? `\x1b[${code}m${text}\x1b[0m` : text);
}

/** Label/value lines for the headline metrics; pads before coloring so ANSI codes never skew alignment. */
function metricLines(m: Metrics): [string, string][] {
  const { rpo, rto, workload, checksums: cs, convergence: conv, splitBrain: sb } = m;
  const rpoText =
    rpo.lostTransactions === null
      ? na(rpo.reason)
      : `${rpo.lostTransactions} lost transaction(s)${rpo.seconds === null ? '' : `, ${formatNumber(rpo.seconds)} s window`}${rpo.survivor?.includes('recovered') ? ` on ${rpo.survivor}` : ''}`;
  const phases = rtoPhasesText(rto, formatNumber);
  const rtoText = seconds(rto.seconds, rto.reason) + (phases ? ` (${phases})` : '');
  const csText =
    checksumMatch(m) +
    (cs.match === null ? '' : ` across ${cs.nodes.length} node(s)`) +
    (cs.differences.length ? `, ${cs.differences.length} difference(s)` : '');
  const convText = seconds(conv.seconds, conv.reason ?? (conv.converged === false ? 'never converged' : undefined));
  const sbText =
    sb.detected === null ? na(sb.reason) : sb.detected ? `DETECTED (${sb.incidentsTotal} incident(s))` : 'none';
  const workloadText = workload
    ? `${workload.acknowledged} acknowledged, ${workload.failed} failed, ${workload.unknown} unknown; longest stall ${maxStall(workload.maxStallSeconds)}${Object.keys(workload.errors).length ? ` (${clientErrorText(workload.errors)})` : ''}${workload.pace && workload.pace.kept === false ? `; ${paceText(workload.pace)}` : ''}`
    : na('no workload');
  const latency = workload?.latency;
  const latencyText = latency
    ? `commit p50 ${formatNumber(latency.p50)} ms, p99 ${formatNumber(latency.p99)} ms, max ${formatNumber(latency.max)} ms`
    : undefined;
  const reads = m.reads;
  const readsText = reads
    ? reads.reads === 0
      ? na(reads.reason)
      : `${reads.reads} answered, ${reads.failed} failed; ${reads.stale} stale (max ${formatNumber(reads.maxStalenessSeconds ?? 0)} s), ${reads.nonMonotonic} went back in time`
    : undefined;
  return [
    ['RPO', rpoText],
    ['RTO', rtoText],
    ['workload', workloadText],
    ...(latencyText ? [['latency', latencyText] as [string, string]] : []),
    ...(readsText ? [['reads', readsText] as [string, string]] : []),
    ...(reads?.fates ? [['writes', describeFates(reads.fates)] as [string, string]] : []),
    // only when broken: a held guarantee is in the report, and every drill would print it
    ...(workload?.readYourWrites?.violations
      ? [['own writes', readYourWritesText(workload.readYourWrites)] as [string, string]]
      : []),
    ['checksums', csText],
    ['convergence', convText],
    ['split-brain', sbText],
    ...observedHeadlines(m.observed),
  ];
}

const indentRest = (text: string, indent: string) => text.replace(/\r?\n/g, `\n${indent}`);

/** `✔ PASSED kill-primary (12.3s)` followed by the headline metrics, each expectation and the report path. */
export function renderVerdict(result: ScenarioResult, opts: TerminalOptions): string {
  const paint = painter(opts.color);
  const shown = shownStatus(result);
  const hue = HUE[shown];
  const lines = [
    `${paint(`1;${hue}`, `${MARK[shown]} ${VERDICT[shown]}`)} ${paint(1, result.scenario)} (${formatDuration(result.durationMs)})`,
  ];
  const labelWidth = 13;
  const row = (label: string, value: string) =>
    `  ${label.padEnd(labelWidth)}${value.startsWith('n/a') ? paint(2, value) : value}`;

  if (result.expectedFailure) lines.push(row('expected', result.expectedFailure.detail));
  if (result.error) {
    lines.push(
      row(
        result.status === 'error' ? 'error' : 'failure',
        `${result.error.code}: ${indentRest(result.error.message, ' '.repeat(labelWidth + 2))}`,
      ),
    );
    if (result.error.hint) lines.push(row('', `→ ${result.error.hint}`));
  }
  if (result.metrics) for (const [label, value] of metricLines(result.metrics)) lines.push(row(label, value));
  for (const r of result.metrics?.recovery?.recoveries ?? []) {
    const { subject, word, detail } = recoveryHeadline(r);
    lines.push(`  ${subject}: ${paint(r.passed === null ? 33 : r.passed ? 32 : '1;31', word)}${detail}`);
  }

  if (result.expectations.length) {
    lines.push('  expectations');
    const nameW = Math.max(...result.expectations.map((e) => e.name.length));
    const target = (e: ExpectationResult) => targetWithUnit(e.name, e.expected);
    const targetW = Math.max(...result.expectations.map((e) => target(e).length));
    for (const e of result.expectations) {
      const [markHue, markChar] = EXPECTATION_MARK[expectationVerdict(e)];
      const mark = paint(markHue, markChar);
      lines.push(`    ${mark} ${e.name.padEnd(nameW)}  target ${target(e).padEnd(targetW)}  actual ${formatActual(e)}`);
    }
  }
  if (opts.reportPath) lines.push(row('report', opts.reportPath));
  return `${lines.join('\n')}\n`;
}

/** The end of a multi-scenario run: counts, one line per scenario, the exit code and the index path. */
export function renderRunSummary(summary: RunSummary, opts: TerminalOptions): string {
  const paint = painter(opts.color);
  const count = (s: ShownStatus) => summary.scenarios.filter((x) => shownStatus(x) === s).length;
  const total = summary.scenarios.length;
  const failed = count('failed') + count('xpassed');
  const worst: ShownStatus = count('error')
    ? 'error'
    : failed
      ? 'failed'
      : count('not-measured')
        ? 'not-measured'
        : 'passed';
  const lines = [
    paint(
      `1;${HUE[worst]}`,
      `${total} scenario(s) in ${formatDuration(summary.durationMs)}: ${runCounts(count)} — exit ${summary.exitCode}`,
    ),
  ];
  const nameW = Math.max(0, ...summary.scenarios.map((s) => s.scenario.length));
  for (const s of summary.scenarios) {
    const detail = s.failedExpectations.length ? `  ${s.failedExpectations.join(', ')}` : '';
    const shownAs = shownStatus(s);
    lines.push(
      `  ${paint(HUE[shownAs], MARK[shownAs])} ${s.scenario.padEnd(nameW)}  ${paint(HUE[shownAs], SHORT[shownAs].padEnd(6))}${detail}`.trimEnd(),
    );
  }
  lines.push(`  report: ${opts.reportPath ?? path.join(summary.reportDir, 'index.html')}`);
  return `${lines.join('\n')}\n`;
}

const SHORT: Record<ShownStatus, string> = {
  passed: 'passed',
  failed: 'failed',
  'not-measured': 'not measured',
  error: 'error',
  xfailed: 'failed as expected',
  xpassed: 'held, expected to fail',
};
