/**
 * Targets vs achieved and the deviations, as plain-text rows for report.html: the standard checks
 * (RPO, RTO with its phases, checksums, convergence, split-brain, steps, recovery) whether or not
 * the scenario targets them, then every other declared expectation. Pure functions of result.json.
 */
import { targetWithUnit } from './units.ts';
import type { ExpectationResult } from '../checks/types.ts';
import type { ScenarioResult, StepResult } from '../result/result.ts';
import type { TimelineEvent } from '../evidence/evidence.ts';
import {
  checksumMatch,
  expectationVerdict,
  formatActual,
  formatOffset,
  na,
  seconds,
  splitBrain,
  stepStatus,
} from './format.ts';
import { rtoPhasesText } from './rto-phases.ts';
import { formatBytes, formatNumber } from './format-values.ts';

export type Verdict = 'pass' | 'fail' | 'not-measured' | 'untargeted';

export interface TargetRow {
  /** what is checked, in words */
  check: string;
  /** the expectation's name as in the scenario, or null for an implicit check */
  name: string | null;
  target: string;
  achieved: string;
  /** how the value breaks down (RTO's phases, the nodes compared), or '' */
  detail: string;
  verdict: Verdict;
  /** measured without a target, yet wrong: data lost, nodes disagree, two primaries */
  anomaly?: boolean;
}

interface Standard {
  check: string;
  name: string;
  /** the measured value when no expectation targets it, and a breakdown */
  measured: (r: ScenarioResult) => { value: string; detail: string };
}

const NOT_REACHED = na('the drill did not reach the checks');

const STANDARD: Standard[] = [
  {
    check: 'RPO: acknowledged transactions lost',
    name: 'rpo.lostTransactions',
    measured: ({ metrics: m }) =>
      m === null
        ? { value: NOT_REACHED, detail: '' }
        : {
            value: m.rpo.lostTransactions === null ? na(m.rpo.reason) : String(m.rpo.lostTransactions),
            detail: m.rpo.lostTransactions
              ? `data-loss window ${seconds(m.rpo.seconds, m.rpo.reason)}; ${m.rpo.lostKeysTotal} key(s) lost`
              : '',
          },
  },
  {
    check: 'RTO: fault → first acknowledged write',
    name: 'rto.maxSeconds',
    measured: ({ metrics: m }) =>
      m === null
        ? { value: NOT_REACHED, detail: '' }
        : { value: seconds(m.rto.seconds, m.rto.reason), detail: rtoPhasesText(m.rto, formatNumber) },
  },
  {
    check: 'Checksums: every table equal on every node',
    name: 'checksums',
    measured: ({ metrics: m }) =>
      m === null
        ? { value: NOT_REACHED, detail: '' }
        : {
            value: checksumMatch(m),
            detail: m.checksums.nodes.length ? `${m.checksums.tables} table(s) on ${m.checksums.nodes.join(', ')}` : '',
          },
  },
  {
    check: 'Convergence: every replica caught up',
    name: 'convergence.within',
    measured: ({ metrics: m }) =>
      m === null
        ? { value: NOT_REACHED, detail: '' }
        : {
            value: seconds(
              m.convergence.seconds,
              m.convergence.reason ?? (m.convergence.converged === false ? 'never converged' : undefined),
            ),
            detail: m.convergence.laggingReplicas.length ? `lagging: ${m.convergence.laggingReplicas.join(', ')}` : '',
          },
  },
  {
    check: 'Split-brain: one primary acknowledging at a time',
    name: 'splitBrain',
    measured: ({ metrics: m }) => ({ value: m === null ? NOT_REACHED : splitBrain(m), detail: '' }),
  },
];

const SECONDS = new Set([
  'rpo.seconds',
  'rto.maxSeconds',
  'convergence.within',
  'workload.maxStallSeconds',
  'observed.maxLagSeconds',
  'reads.maxStalenessSeconds',
]);
const MILLISECONDS = new Set(['workload.latencyP99']);
const BYTES = new Set(['observed.maxLagBytes', 'observed.maxWalBytes']);

/** An expectation's actual value with its unit: `1.214 s`, `86.9 kB (88944 bytes)`; else as every report says it. */
export function achievedText(e: ExpectationResult): string {
  if (typeof e.actual !== 'number' || expectationVerdict(e) === 'not-measured') return formatActual(e);
  const value = SECONDS.has(e.name)
    ? `${formatNumber(e.actual)} s`
    : MILLISECONDS.has(e.name)
      ? `${formatNumber(e.actual)} ms`
      : BYTES.has(e.name) && e.actual >= 1024
        ? `${formatBytes(e.actual)} (${e.actual} bytes)`
        : null;
  return value === null ? formatActual(e) : e.reason ? `${value} (${e.reason})` : value;
}

const failedStep = (s: StepResult) => s.status === 'failed' || s.status === 'unexpected-success';

/** A standard check that went wrong although nothing targets it. */
function anomalous({ metrics: m }: ScenarioResult, name: string): boolean {
  if (m === null) return false;
  if (name === 'rpo.lostTransactions') return (m.rpo.lostTransactions ?? 0) > 0;
  if (name === 'checksums') return m.checksums.match === false;
  if (name === 'splitBrain') return m.splitBrain.detected === true;
  if (name === 'convergence.within') return m.convergence.converged === false;
  return false;
}

const ROW_VERDICT = { held: 'pass', failed: 'fail', 'not-measured': 'not-measured' } as const;
const rowVerdict = (e: ExpectationResult): Verdict => ROW_VERDICT[expectationVerdict(e)];

/** Every row of the targets-vs-achieved table, standard checks first. */
export function targetRows(r: ScenarioResult): TargetRow[] {
  const declared = new Map(r.expectations.map((e) => [e.name, e]));
  const rows: TargetRow[] = STANDARD.map((s) => {
    const e = declared.get(s.name);
    const { value, detail } = s.measured(r);
    if (!e)
      return {
        check: s.check,
        name: null,
        target: 'none declared',
        achieved: value,
        detail,
        verdict: 'untargeted',
        ...(anomalous(r, s.name) ? { anomaly: true } : {}),
      };
    return {
      check: s.check,
      name: e.name,
      target: targetWithUnit(e.name, e.expected),
      achieved: achievedText(e),
      detail,
      verdict: rowVerdict(e),
    };
  });
  for (const e of r.expectations) {
    if (STANDARD.some((s) => s.name === e.name)) continue;
    rows.push({
      check: e.name,
      name: e.name,
      target: targetWithUnit(e.name, e.expected),
      achieved: achievedText(e),
      detail: '',
      verdict: rowVerdict(e),
    });
  }
  const recoveries = r.metrics?.recovery.recoveries ?? [];
  if (recoveries.length) {
    const equal = recoveries.filter((x) => x.passed === true).length;
    rows.push({
      check: 'Recovery: each restore equal to its snapshot',
      name: null,
      target: 'every restore and PITR equal',
      achieved: `${equal} of ${recoveries.length} equal`,
      detail: '',
      verdict: equal === recoveries.length ? 'pass' : 'fail',
    });
  }
  if (r.steps.length) {
    const bad = r.steps.filter(failedStep);
    const skipped = r.steps.filter((s) => s.status === 'skipped').length;
    rows.push({
      check: 'Procedure: every step ran as planned',
      name: null,
      target: `${r.steps.length} step(s) ok or failing as expected`,
      achieved: bad.length
        ? `step ${bad.map((s) => s.index + 1).join(', ')} ${bad.map((s) => stepStatus[s.status]).join(', ')}${skipped ? `; ${skipped} skipped` : ''}`
        : `${r.steps.length} of ${r.steps.length} as planned`,
      detail: '',
      verdict: bad.length ? 'fail' : 'pass',
    });
  }
  return rows;
}

export interface Deviation {
  title: string;
  what: string;
  /** the timeline lines that bear on it */
  evidence: TimelineEvent[];
}

const MAX_EVIDENCE = 12;
const near = (t: TimelineEvent[], from: number, to: number) => t.filter((e) => e.atMs >= from && e.atMs <= to);

/** The timeline lines that bear on a failed expectation. */
function evidenceFor(r: ScenarioResult, e: ExpectationResult): TimelineEvent[] {
  const checks = r.timeline.filter((t) => t.kind === 'check' && t.message.startsWith(`${e.name}:`));
  const rto = r.metrics?.rto;
  const acts = r.timeline.filter((t) => t.kind === 'fault' || t.kind === 'procedure');
  let context: TimelineEvent[] = acts;
  if (e.name.startsWith('rto.') && rto?.faultAtMs != null)
    context = near(r.timeline, rto.faultAtMs - 1000, (rto.firstAckAtMs ?? r.durationMs) + 1000).filter(
      (t) => t.kind !== 'check',
    );
  else if (e.name.startsWith('convergence'))
    context = r.timeline.filter((t) => /converge|WAL receiver|streams from/.test(t.message));
  return [...context.slice(0, MAX_EVIDENCE - checks.length), ...checks];
}

/** What did not go to plan: failed expectations, failed steps, the run's error, each with its evidence. */
export function deviations(r: ScenarioResult): Deviation[] {
  const out: Deviation[] = [];
  for (const e of r.expectations.filter((x) => !x.passed)) {
    const unmeasured = expectationVerdict(e) === 'not-measured';
    out.push({
      title: `Expectation ${e.name} ${unmeasured ? 'could not be measured' : 'failed'}`,
      what: `target ${targetWithUnit(e.name, e.expected)}, achieved ${achievedText(e)}`,
      evidence: evidenceFor(r, e),
    });
  }
  for (const s of r.steps.filter(failedStep)) {
    const end = s.startedAtMs + s.durationMs;
    out.push({
      title: `Step ${s.index + 1} (${s.title}) ${stepStatus[s.status]}`,
      what: `${formatOffset(s.startedAtMs)} → ${formatOffset(end)}${s.node ? ` on ${s.node}` : ''}: ${s.error ?? 'the step was expected to fail but succeeded'}`,
      evidence: near(r.timeline, s.startedAtMs - 500, end + 500)
        .filter((t) => t.kind !== 'check')
        .slice(-MAX_EVIDENCE),
    });
  }
  const m = r.metrics;
  const declared = new Set(r.expectations.map((e) => e.name));
  const faults = r.timeline.filter((t) => t.kind === 'fault').slice(0, MAX_EVIDENCE);
  if (m && !declared.has('rpo.lostTransactions') && (m.rpo.lostTransactions ?? 0) > 0) {
    out.push({
      title: 'Acknowledged writes lost (no target declared)',
      what: `${m.rpo.lostTransactions} acknowledged transaction(s) missing on the surviving primary`,
      evidence: faults,
    });
  }
  if (m && !declared.has('checksums') && m.checksums.match === false) {
    out.push({
      title: 'Nodes disagree (no target declared)',
      what: `checksums: ${m.checksums.differences.length} difference(s), see the checksum tables`,
      evidence: [],
    });
  }
  if (m && !declared.has('splitBrain') && m.splitBrain.detected === true) {
    out.push({ title: 'Split-brain (no target declared)', what: splitBrain(m), evidence: faults });
  }
  if (r.status === 'error' && r.error) {
    out.push({
      title: `The drill did not finish: ${r.error.code}`,
      what: r.error.message,
      evidence: r.timeline.slice(-MAX_EVIDENCE),
    });
  }
  return out;
}
