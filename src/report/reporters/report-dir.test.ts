import { access, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { verifyManifest } from '../manifest.ts';
import { scenarioDir } from '../writer.ts';
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

  it('MUST NOT write a manifest when a scenario folder could not be written, and says which', async () => {
    const reportDir = await mkdtemp(path.join(tmpdir(), 'pgdrill-rd-'));
    // a plain file where the scenario's folder must go: its writes fail as on a full or read-only disk
    await writeFile(scenarioDir(reportDir, FAILED.scenario), 'in the way');
    const failures: ReporterFailure[] = [];
    const mux = new ReporterMultiplexer([reportDirReporter({ reportDir, say: () => {}, show: (f) => f })], (f) =>
      failures.push(f),
    );
    for (const result of [PASSED, FAILED]) await mux.onScenarioEnd(outcomeOf(result));
    await mux.onEnd({
      summary: makeSummary({ reportDir }),
      results: [PASSED, FAILED],
      sources: {},
      invalid: [],
      notRun: [],
    });

    expect(failures.map((f) => `${f.reporter}.${f.hook}`)).toEqual(['report-dir.onScenarioEnd', 'report-dir.onEnd']);
    expect(String(failures[1]?.error)).toContain(
      `${reportDir} is incomplete (the report of ${FAILED.scenario} could not be written): no index or manifest was written`,
    );
    await access(path.join(scenarioDir(reportDir, PASSED.scenario), 'result.json')); // what could be written was
    await expect(access(path.join(reportDir, 'manifest.sha256'))).rejects.toThrow();
    await expect(access(path.join(reportDir, 'index.json'))).rejects.toThrow();
  });

  it("MUST remove a reused folder's manifest when the run begins, so an unfinished run leaves none", async () => {
    const reportDir = await mkdtemp(path.join(tmpdir(), 'pgdrill-rd-'));
    await writeFile(path.join(reportDir, 'manifest.sha256'), 'stale\n');
    await writeFile(path.join(reportDir, 'manifest.sha256.sig'), 'stale\n');
    const reporter = reportDirReporter({ reportDir, say: () => {}, show: (f) => f });
    await reporter.onBegin?.({ runId: 'r', reportDir, scenarios: [] });
    await reporter.onScenarioEnd?.(outcomeOf(PASSED)); // and then the run is interrupted: no onEnd
    await expect(access(path.join(reportDir, 'manifest.sha256'))).rejects.toThrow();
    await expect(access(path.join(reportDir, 'manifest.sha256.sig'))).rejects.toThrow();
  });

  it('writes nothing when the files were invalid and nothing ran', async () => {
    const reportDir = path.join(await mkdtemp(path.join(tmpdir(), 'pgdrill-rd-')), 'run');
    await reportDirReporter({ reportDir, say: () => {}, show: (f) => f }).onEnd?.(makeInvalidRun());
    await expect(access(reportDir)).rejects.toThrow();
  });
});
