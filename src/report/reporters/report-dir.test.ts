import { access, mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { verifyManifest } from '../manifest.ts';
import { makeSummary } from '../test-result.ts';
import { ReporterMultiplexer } from './multiplexer.ts';
import type { Reporter, ReporterFailure } from './reporter.ts';
import { reportDirReporter } from './report-dir.ts';
import { FAILED, PASSED, makeInvalidRun, outcomeOf } from './test-run.ts';

const throwing: Reporter = {
  name: 'junit',
  onScenarioEnd() {
    throw new Error('renderer exploded');
  },
  onEnd() {
    throw new Error('EACCES: permission denied');
  },
};

describe('the report directory as a reporter', () => {
  it('writes every scenario folder and a verifying manifest although another reporter throws', async () => {
    const reportDir = await mkdtemp(path.join(tmpdir(), 'pgdrill-rd-'));
    const failures: ReporterFailure[] = [];
    const mux = new ReporterMultiplexer(
      [throwing, reportDirReporter({ reportDir, say: () => {}, show: (f) => f })],
      (f) => failures.push(f),
    );
    const summary = makeSummary({
      reportDir,
      exitCode: 1,
      scenarios: [
        { scenario: PASSED.scenario, status: 'passed', dir: PASSED.scenario, failedExpectations: [] },
        {
          scenario: FAILED.scenario,
          status: 'failed',
          dir: FAILED.scenario,
          failedExpectations: ['rpo.lostTransactions'],
        },
      ],
    });
    for (const result of [PASSED, FAILED]) await mux.onScenarioEnd(outcomeOf(result));
    await mux.onEnd({ summary, results: [PASSED, FAILED], sources: {}, invalid: [], notRun: [] });

    expect(failures.map((f) => `${f.reporter}.${f.hook}`)).toEqual([
      'junit.onScenarioEnd',
      'junit.onScenarioEnd',
      'junit.onEnd',
    ]);
    await access(path.join(reportDir, 'lag-replica', 'report.html'));
    const verified = await verifyManifest(reportDir);
    expect(verified.ok).toBe(true);
    expect(verified.listed).toBeGreaterThanOrEqual(9); // 2 × (result.json, report.md, report.html) + 3 index files
  });

  it('writes nothing when the files were invalid and nothing ran', async () => {
    const reportDir = path.join(await mkdtemp(path.join(tmpdir(), 'pgdrill-rd-')), 'run');
    await reportDirReporter({ reportDir, say: () => {}, show: (f) => f }).onEnd?.(makeInvalidRun());
    await expect(access(reportDir)).rejects.toThrow();
  });
});
