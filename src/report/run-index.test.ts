import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildRunIndex, renderIndexMarkdown, rtoTarget, scenarioFigures } from './run-index.ts';
import { makeMetrics, makeResult, makeSummary, makeUnmeasuredResult } from './test-result.ts';

let tmp: string;
beforeEach(async () => {
  tmp = await mkdtemp(path.join(tmpdir(), 'pgdrill-index-'));
});
afterEach(() => rm(tmp, { recursive: true, force: true }));

describe('scenarioFigures', () => {
  it('copies the headline figures, with the longest RTO phase', () => {
    expect(scenarioFigures(makeResult())).toEqual({
      measured: true,
      startedAt: '2025-01-02T03:04:05.000Z',
      durationMs: 12_345,
      rpo: { lostTransactions: 0, seconds: 0 },
      rto: { seconds: 4.2, longestPhase: { name: 'client recovery', seconds: expect.closeTo(1.7, 6) }, target: 15 },
      checksums: { match: true },
      convergence: { converged: true, seconds: 1.3 },
      splitBrain: { detected: false, incidents: 0 },
      workload: { acknowledged: 4210, failed: 37, unknown: 3 },
    });
  });

  it('keeps unmeasured values null with their reasons, never 0', () => {
    const f = scenarioFigures(
      makeResult({
        metrics: makeMetrics({
          rto: {
            seconds: null,
            detectionSeconds: null,
            promotionSeconds: null,
            faultToWritableSeconds: null,
            phases: [],
            longestPhase: null,
            downAtLeastSeconds: null,
            faultAtMs: null,
            firstAckAtMs: null,
            reason: 'no fault was injected',
          },
          convergence: { seconds: null, converged: false, replicas: 1, laggingReplicas: ['pg-2'] },
          workload: null,
        }),
      }),
    );
    expect(f.rto).toEqual({ seconds: null, longestPhase: null, reason: 'no fault was injected', target: 15 });
    expect(f.convergence).toEqual({ converged: false, seconds: null, reason: 'never converged' });
    expect(f.workload).toBeNull();
  });

  it('says the checks were not reached when there are no metrics, and keeps the error', () => {
    const f = scenarioFigures(
      makeResult({ status: 'error', metrics: null, error: { code: 'PGDRILL_X', message: 'it broke' } }),
    );
    expect(f.measured).toBe(false);
    expect(f.rto.seconds).toBeNull();
    expect(f.rpo.lostTransactions).toBeNull();
    expect(f.rto.reason).toBe('the drill did not reach the checks');
    expect(f.error).toEqual({ code: 'PGDRILL_X', message: 'it broke' });
  });
});

describe('buildRunIndex', () => {
  it('keeps every field index.json had and adds reportHtml and figures', () => {
    const results = [makeResult(), makeResult({ scenario: 'lag-replica', status: 'failed' })];
    const index = buildRunIndex(makeSummary(), results);
    expect(index).toMatchObject({
      runId: 'r-20250102-030405',
      exitCode: 3,
      counts: { passed: 1, failed: 1, error: 1 },
    });
    expect(index.scenarios[1]).toMatchObject({
      scenario: 'lag-replica',
      status: 'failed',
      dir: 'lag-replica',
      report: 'lag-replica/report.md',
      result: 'lag-replica/result.json',
      reportHtml: 'lag-replica/report.html',
      failedExpectations: ['rpo.lostTransactions', 'rto.maxSeconds'],
    });
    expect(index.scenarios[0]?.figures?.rto.seconds).toBe(4.2);
    expect(index.scenarios[2]?.figures).toBeNull(); // partition: no result given
  });

  it('tells a scenario that could not be measured from a failure, with why, in index.json and index.md', () => {
    const summary = makeSummary({
      scenarios: [
        { scenario: 'kill-primary', status: 'passed', dir: 'kill-primary', failedExpectations: [] },
        { scenario: 'stop-replica', status: 'failed', dir: 'stop-replica', failedExpectations: ['rto.maxSeconds'] },
      ],
      exitCode: 1,
    });
    const results = [makeResult(), makeUnmeasuredResult()];
    const index = buildRunIndex(summary, results);
    expect(index.counts).toEqual({ passed: 1, failed: 1, error: 0 }); // counts keep their meaning
    expect(index.notMeasured).toBe(1);
    expect(index.scenarios[1]).toMatchObject({
      status: 'failed',
      verdict: 'not-measured',
      notMeasured: [{ name: 'rto.maxSeconds', why: 'no fault cut the clients off writing' }],
    });
    const md = renderIndexMarkdown(index);
    expect(md).toContain('1 passed, 1 failed (1 of them not measured), 0 error');
    expect(md).toContain('| NOT MEASURED | rto.maxSeconds (NOT MEASURED: no fault cut the clients off writing) |');
  });

  it('reads the figures from the result.json files next to the index by default', async () => {
    await mkdir(path.join(tmp, 'kill-primary'));
    await writeFile(path.join(tmp, 'kill-primary', 'result.json'), JSON.stringify(makeResult()));
    await mkdir(path.join(tmp, 'lag-replica'));
    await writeFile(path.join(tmp, 'lag-replica', 'result.json'), '{ not json');
    const index = buildRunIndex(
      makeSummary({
        reportDir: tmp,
        scenarios: [
          ...makeSummary().scenarios.slice(0, 2),
          { scenario: 'partition', status: 'error', dir: path.join(tmp, 'kill-primary'), failedExpectations: [] },
        ],
      }),
    );
    expect(index.scenarios.map((s) => s.figures?.rto.seconds ?? null)).toEqual([4.2, null, null]);
    // a result.json of another scenario is not taken for this one's
    expect(index.scenarios[2]).toMatchObject({ dir: 'kill-primary', figures: null });
  });

  it('adds a table by PostgreSQL major after `run --pg`, calling out a verdict that differs', () => {
    const entry = (scenario: string, status: 'passed' | 'failed') => ({
      scenario,
      status,
      dir: scenario,
      failedExpectations: status === 'failed' ? ['steps'] : [],
    });
    const summary = makeSummary({
      scenarios: [entry('trigger-file@pg15', 'passed'), entry('trigger-file@pg17', 'failed')],
      exitCode: 1,
    });
    const index = buildRunIndex(summary, []);
    expect(index.byMajor?.rows).toEqual([
      { scenario: 'trigger-file', byMajor: { 15: 'passed', 17: 'failed' }, differs: true },
    ]);
    const md = renderIndexMarkdown(index);
    expect(md).toContain('## By PostgreSQL major');
    expect(md).toContain('| trigger-file | PASSED | FAILED | **differs between majors** |');
    expect(renderIndexMarkdown(buildRunIndex(makeSummary(), []))).not.toContain('By PostgreSQL major');
  });

  it('leaves index.md as it was', () => {
    const md = renderIndexMarkdown(buildRunIndex(makeSummary(), [makeResult()]));
    expect(md).toContain(
      '| [kill-primary](kill-primary/) | PASSED | — | [report](kill-primary/report.md) · [result.json](kill-primary/result.json) |',
    );
  });
});

describe('the RTO target in the figures', () => {
  it('is the upper bound of rto.maxSeconds, and absent when the scenario states none', () => {
    expect(rtoTarget([{ name: 'rto.maxSeconds', expected: '<= 15' }])).toBe(15);
    expect(rtoTarget([{ name: 'rto.maxSeconds', expected: '2..7.5' }])).toBe(7.5);
    expect(rtoTarget([{ name: 'rto.maxSeconds', expected: '>= 1' }])).toBeNull();
    expect(rtoTarget([{ name: 'rpo.lostTransactions', expected: '<= 0' }])).toBeNull();
  });
});
