/** A run of three scenarios for the reporters' tests: one passed, one failed, one errored. */
import type { ScenarioIssue } from '../../errors.ts';
import { makeResult, makeSummary } from '../test-result.ts';
import type { ScenarioResult } from '../../result/result.ts';
import type { RunEnd, ScenarioOutcome, ScenarioSource } from './reporter.ts';

const at = (file: string, line: number, column = 3) => ({ file, line, column });

export const PASSED = makeResult({ scenario: 'kill-primary', file: '/work/scenarios/kill-primary.yaml' });

export const FAILED = makeResult({
  scenario: 'lag-replica',
  file: '/work/scenarios/lag-replica.yaml',
  status: 'failed',
  expectations: [
    { name: 'rpo.lostTransactions', expected: '<= 0', actual: 3, passed: false, verdict: 'failed' },
    { name: 'rto.maxSeconds', expected: '<= 15', actual: 4.2, passed: true, verdict: 'held' },
  ],
  steps: [
    { index: 0, title: 'wait 5s', startedAtMs: 10, durationMs: 5000, status: 'ok' },
    {
      index: 1,
      title: 'wait converged',
      startedAtMs: 5010,
      durationMs: 30_000,
      status: 'failed',
      error: 'timed out after 30s: pg-3 is 4 MB behind',
    },
  ],
});

export const ERRORED = makeResult({
  scenario: 'partition',
  file: '/work/scenarios/partition.yaml',
  status: 'error',
  metrics: null,
  expectations: [],
  steps: [],
  error: { code: 'PGDRILL_DOCKER', message: 'the Docker daemon went away', hint: 'run pgdrill doctor' },
});

export const FAILED_SOURCE: ScenarioSource = {
  file: '/work/scenarios/lag-replica.yaml',
  steps: [at('/work/scenarios/lag-replica.yaml', 20), at('/work/scenarios/lag-replica.yaml', 22)],
  expectations: { 'rpo.lostTransactions': at('/work/scenarios/lag-replica.yaml', 30, 5) },
};

/** A fresh copy each time: a test may edit its run without changing another's (unit files share modules). */
export function makeRun(): RunEnd {
  return {
    summary: makeSummary({ exitCode: 3 }),
    results: structuredClone([PASSED, FAILED, ERRORED]),
    sources: { 'lag-replica': structuredClone(FAILED_SOURCE) },
    invalid: [],
    notRun: [],
  };
}

export const ISSUES: ScenarioIssue[] = [
  { position: at('/work/scenarios/bad.yaml', 8, 12), path: 'steps[1].fault', message: 'unknown fault "explode"' },
  { position: at('/work/scenarios/bad.yaml', 12, 17), path: 'expect.rto.maxSeconds', message: 'expected a number' },
];

/** Nothing ran: bad.yaml is invalid and good.yaml was therefore not run. */
export function makeInvalidRun(): RunEnd {
  return {
    summary: makeSummary({ scenarios: [], exitCode: 2 }),
    results: [],
    sources: {},
    invalid: ISSUES,
    notRun: ['/work/scenarios/good.yaml'],
  };
}

/** A scenario's end as the reporters see it, in a throwaway folder. */
export function outcomeOf(
  result: ScenarioResult,
  source: ScenarioSource = { file: result.file, steps: [], expectations: {} },
): ScenarioOutcome {
  return { result, source, dir: '/tmp/pgdrill-test/report', logs: {}, attachments: {} };
}
