/**
 * `pgdrill run --repeat N`: one scenario's identical trials, side by side as a distribution —
 * verdicts by outcome, RTO percentiles, lost writes min/max, commit latency p99 — and whether the
 * verdict changed between trials, which is a finding (flaky), never averaged away. Pure.
 */
import type { ScenarioResult } from '../result/result.ts';

/** `kill-primary@trial3` is trial 3 of kill-primary. */
export const TRIAL_SUFFIX = '@trial';

export const trialName = (scenario: string, trial: number) => `${scenario}${TRIAL_SUFFIX}${trial}`;

/** The scenario a trial's drill belongs to, or undefined for a drill that is no trial. */
export function trialOf(drill: string): string | undefined {
  const at = drill.lastIndexOf(TRIAL_SUFFIX);
  return at > 0 && /^\d+$/.test(drill.slice(at + TRIAL_SUFFIX.length)) ? drill.slice(0, at) : undefined;
}

export interface Spread {
  /** trials that measured it */
  measured: number;
  min: number;
  p50: number;
  p95: number;
  max: number;
}

export interface TrialDistribution {
  scenario: string;
  trials: number;
  /** each trial's status, in trial order */
  statuses: ScenarioResult['status'][];
  byStatus: Partial<Record<ScenarioResult['status'], number>>;
  /** the verdict was not the same in every trial */
  flaky: boolean;
  /** the expectations that failed in some trials and held in others */
  flakyExpectations: string[];
  /** null when no trial measured it (never 0) */
  rtoSeconds: Spread | null;
  lostWrites: Spread | null;
  latencyP99Ms: Spread | null;
}

/** The distribution of every repeated scenario in `results`, in the order they first appear. */
export function trialDistributions(results: readonly ScenarioResult[]): TrialDistribution[] {
  const groups = new Map<string, ScenarioResult[]>();
  for (const result of results) {
    const scenario = trialOf(result.scenario);
    if (scenario === undefined) continue;
    groups.set(scenario, [...(groups.get(scenario) ?? []), result]);
  }
  return [...groups].map(([scenario, trials]) => distribution(scenario, trials));
}

function distribution(scenario: string, trials: ScenarioResult[]): TrialDistribution {
  const statuses = trials.map((t) => t.status);
  const byStatus: TrialDistribution['byStatus'] = {};
  for (const status of statuses) byStatus[status] = (byStatus[status] ?? 0) + 1;
  const outcomes = new Map<string, Set<boolean>>();
  for (const trial of trials)
    for (const e of trial.expectations) outcomes.set(e.name, (outcomes.get(e.name) ?? new Set()).add(e.passed));
  return {
    scenario,
    trials: trials.length,
    statuses,
    byStatus,
    flaky: new Set(statuses).size > 1,
    flakyExpectations: [...outcomes].filter(([, seen]) => seen.size > 1).map(([name]) => name),
    rtoSeconds: spread(trials.map((t) => t.metrics?.rto.seconds)),
    lostWrites: spread(trials.map((t) => t.metrics?.rpo.lostTransactions)),
    latencyP99Ms: spread(trials.map((t) => t.metrics?.workload?.latencyP99)),
  };
}

/** Nearest-rank percentiles over the trials that measured the value. */
export function spread(values: readonly (number | null | undefined)[]): Spread | null {
  const measured = values.filter((v): v is number => typeof v === 'number').sort((a, b) => a - b);
  if (measured.length === 0) return null;
  const rank = (p: number) => measured[Math.max(0, Math.ceil((p / 100) * measured.length) - 1)] as number;
  return {
    measured: measured.length,
    min: measured[0] as number,
    p50: rank(50),
    p95: rank(95),
    max: measured[measured.length - 1] as number,
  };
}

/** The terminal's lines for one distribution. */
export function describeDistribution(d: TrialDistribution): string[] {
  const counts = Object.entries(d.byStatus)
    .map(([status, n]) => `${n} ${status}`)
    .join(', ');
  const of = (s: Spread | null, unit: string, what: string) =>
    s === null
      ? `${what}: not measured in any trial`
      : `${what}: p50 ${s.p50}${unit} · p95 ${s.p95}${unit} · max ${s.max}${unit} (min ${s.min}${unit}; ${s.measured} of ${d.trials} trials measured it)`;
  return [
    `${d.scenario}: ${d.trials} trials — ${counts}${d.flaky ? ' — FLAKY: the verdict changed between identical runs' : ''}`,
    `  verdicts: ${d.statuses.join(' ')}`,
    ...(d.flakyExpectations.length
      ? [`  held in some trials, failed in others: ${d.flakyExpectations.join(', ')}`]
      : []),
    `  ${of(d.rtoSeconds, ' s', 'RTO')}`,
    `  ${of(d.lostWrites, '', 'lost acknowledged writes')}`,
    `  ${of(d.latencyP99Ms, ' ms', 'commit latency p99')}`,
  ];
}
