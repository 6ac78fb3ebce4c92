/**
 * Generative drills end to end through the CLI: an exploration of asynchronous Patroni finds
 * lost acknowledged writes, writes the failing schedule as a scenario that fails again on its
 * own, and replay runs the same faults; the synchronous cluster loses none under the same
 * schedules; reads through the replica path see a late replica's staleness; `--repeat` turns
 * one scenario into a distribution.
 */
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ExploreSummary } from '../../src/report/explore.ts';
import type { Schedule } from '../../src/model/chaos.ts';
import type { TrialDistribution } from '../../src/report/trials.ts';
import { expectExit, leftoverContainers, pgdrill, readResult, readResults, tempDir } from './pgdrill-cli.ts';

const ASYNC = 'scenarios/chaos/patroni-async-explore.yaml';
const SYNC = 'scenarios/chaos/patroni-sync-explore.yaml';
const CLIENT_PATH = 'scenarios/chaos/client-path-explore.yaml';
const MINUTES = 60_000;

/** The chaos file with a narrower menu: only the primary partitioned, long enough for Patroni to elect another leader. */
async function primaryPartitionsOnly(dir: string): Promise<string> {
  const text = await readFile(ASYNC, 'utf8');
  const chaos = text.slice(text.indexOf('chaos:'), text.indexOf('expect:'));
  const file = path.join(dir, 'async-partitions.yaml');
  await writeFile(
    file,
    text.replace(
      chaos,
      'chaos:\n  faults:\n    - {fault: partition, targets: [primary]}\n  count: {min: 1, max: 1}\n  lasting: {min: 22s, max: 24s}\n  gap: {min: 1s, max: 2s}\n\n',
    ),
  );
  return file;
}

describe('pgdrill explore on asynchronous Patroni', () => {
  it('finds lost acknowledged writes, prints the seed, writes a scenario that fails on its own, and replay runs the same faults', {
    timeout: 15 * MINUTES,
  }, async () => {
    const dir = await tempDir('explore');
    const file = await primaryPartitionsOnly(dir);
    const reportDir = path.join(dir, 'explore');
    const run = await pgdrill([
      'explore',
      file,
      '--runs',
      '1',
      '--seed',
      '11',
      '--shrink-runs',
      '0',
      '--report-dir',
      reportDir,
    ]);
    await expectExit(run, 1);
    expect(run.all).toContain('seed 11');
    expect(run.all).toContain('--seed 11');
    const summary = JSON.parse(await readFile(path.join(reportDir, 'explore.json'), 'utf8')) as ExploreSummary;
    expect(summary.seed).toBe(11);
    expect(summary.found?.failedExpectations).toContain('rpo.lostTransactions');
    expect(summary.found?.shrunk).toHaveLength(1);
    expect(summary.found?.shrunk[0]).toMatchObject({ fault: 'partition', nodes: ['primary'] });
    const [first] = await readResults(reportDir);
    expect(first?.result.metrics?.rpo.lostTransactions).toBeGreaterThan(0);
    // a client whose acknowledged write died with the isolated primary wrote next on the new one, which lacked it
    const ownWrites = first?.result.metrics?.workload?.readYourWrites;
    expect(ownWrites?.violations).toBeGreaterThan(0);
    expect(ownWrites?.first?.on).toBeTruthy();
    expect(ownWrites?.first?.on).not.toBe(ownWrites?.first?.ackedOn);
    expect(run.all).toMatch(/own writes +\d+ of \d+ writes/);
    const page = await readFile(path.join(reportDir, 'explore.html'), 'utf8');
    expect(page).toContain('BROKE rpo.lostTransactions');
    expect(page).toMatch(
      /<td>1<\/td><td>\+[\d.]+s partition primary for [\d.]+s<\/td><td>\+[\d.]+s partition primary for/,
    );

    // the written scenario, on its own, loses writes again
    const written = summary.found!.scenarioFile;
    expect(await readFile(written, 'utf8')).toMatch(/fault: partition, isolate: primary, except: \[ haproxy \]/);
    const alone = await pgdrill(['run', written, '--report-dir', path.join(dir, 'alone')]);
    await expectExit(alone, 1);
    const [again] = await readResults(path.join(dir, 'alone'));
    expect(again?.result.metrics?.rpo.lostTransactions).toBeGreaterThan(0);

    // replay: the same fault list, from the drill's own folder
    const replayed = await pgdrill(['replay', first!.dir, '--report-dir', path.join(dir, 'replay')]);
    expect([0, 1]).toContain(replayed.exitCode);
    const [replay] = await readResults(path.join(dir, 'replay'));
    const schedule = (folder: string) =>
      readFile(path.join(folder, 'schedule.json'), 'utf8').then((t) => (JSON.parse(t) as Schedule).faults);
    expect(await schedule(replay!.dir)).toEqual(await schedule(first!.dir));
    expect(await leftoverContainers(replayed.pid)).toEqual([]);
  });
});

describe('pgdrill explore on synchronous Patroni', () => {
  it('loses no acknowledged write across its schedules', { timeout: 15 * MINUTES }, async () => {
    const reportDir = await tempDir('explore-sync');
    const run = await pgdrill(['explore', SYNC, '--runs', '2', '--seed', '7', '--report-dir', reportDir]);
    await expectExit(run, 0);
    const summary = JSON.parse(await readFile(path.join(reportDir, 'explore.json'), 'utf8')) as ExploreSummary;
    expect(summary.found).toBeNull();
    expect(summary.runs.map((r) => r.status)).toEqual(['passed', 'passed']);
    for (const { result } of await readResults(reportDir)) {
      expect(result.metrics?.rpo.lostTransactions).toBe(0); // measured, not merely unbroken
      expect(result.metrics?.workload?.readYourWrites?.checked).toBeGreaterThan(0);
      expect(result.metrics?.workload?.readYourWritesViolations).toBe(0);
      expect(result.metrics?.workload?.latency?.p99).toBeGreaterThan(0);
    }
  });
});

describe('pgdrill explore on the client path (PgBouncer → HAProxy)', () => {
  it('pauses and isolates the proxies the clients go through: RTO starts at them, nothing is lost, writes come back', {
    timeout: 10 * MINUTES,
  }, async () => {
    const reportDir = await tempDir('explore-client-path');
    const run = await pgdrill(['explore', CLIENT_PATH, '--runs', '2', '--seed', '1', '--report-dir', reportDir]);
    await expectExit(run, 0);
    const summary = JSON.parse(await readFile(path.join(reportDir, 'explore.json'), 'utf8')) as ExploreSummary;
    expect(summary.found).toBeNull();
    for (const { result } of await readResults(reportDir)) {
      expect(result.metrics?.rpo.lostTransactions).toBe(0);
      // a proxy outage is a fault that cut the clients off: RTO is measured from it
      expect(result.metrics?.rto.seconds).toBeGreaterThan(0);
      expect(result.metrics?.workload?.maxStallSeconds).toBeGreaterThan(1);
      expect(result.timeline.some((e) => e.kind === 'fault' && /pgbouncer|haproxy/.test(e.message))).toBe(true);
    }
  });
});

describe('reads through the replica path', () => {
  it('reports the stale reads of a replica replaying 5 s late, with their age, and reads that went back in time', {
    timeout: 5 * MINUTES,
  }, async () => {
    const reportDir = await tempDir('reads');
    const run = await pgdrill(['run', 'scenarios/reads/stale-reads-lagging-replica.yaml', '--report-dir', reportDir]);
    await expectExit(run, 0);
    const reads = (await readResult(reportDir, 'stale-reads-lagging-replica')).metrics?.reads;
    expect(reads?.stale).toBeGreaterThan(0);
    expect(reads?.maxStalenessSeconds).toBeGreaterThan(3);
    expect(reads?.maxStalenessSeconds).toBeLessThan(8);
    expect(reads?.worst?.node).toBe('pg-2'); // the late one
    expect(reads?.byPath['pg-3']?.maxStalenessSeconds).toBeLessThan(1);
    expect(reads?.nonMonotonic).toBeGreaterThan(0);
    expect(run.stdout).toMatch(/reads\s+\d+ answered, 0 failed; \d+ stale \(max \d/);
  });
});

describe('pgdrill run --repeat', () => {
  it('runs kill-primary three times and reports each verdict and the RTO distribution', {
    timeout: 10 * MINUTES,
  }, async () => {
    const reportDir = await tempDir('repeat');
    // one at a time, as timings want (the suite runs other drill files beside it)
    const run = await pgdrill([
      'run',
      '--repeat',
      '3',
      '-j',
      '1',
      'scenarios/failover/kill-primary.yaml',
      '--report-dir',
      reportDir,
    ]);
    const results = (await readResults(reportDir)).map((r) => r.result);
    expect(results.map((r) => r.scenario)).toEqual([
      'kill-primary@trial1',
      'kill-primary@trial2',
      'kill-primary@trial3',
    ]);
    // each trial's verdict is its own (a loaded machine may miss the RTO bound); the distribution must say what they were
    await expectExit(run, results.every((r) => r.status === 'passed') ? 0 : 1);
    const trials = JSON.parse(await readFile(path.join(reportDir, 'trials.json'), 'utf8')) as {
      scenarios: TrialDistribution[];
    };
    const [d] = trials.scenarios;
    expect(trials.scenarios).toHaveLength(1);
    expect(d).toMatchObject({ scenario: 'kill-primary', trials: 3, statuses: results.map((r) => r.status) });
    expect(d?.flaky).toBe(new Set(results.map((r) => r.status)).size > 1);
    const rtos = results.map((r) => r.metrics?.rto.seconds).filter((v): v is number => typeof v === 'number');
    expect(d?.rtoSeconds?.measured).toBe(rtos.length);
    expect(d?.rtoSeconds?.max).toBe(Math.max(...rtos));
    expect(d?.rtoSeconds?.min).toBe(Math.min(...rtos));
    expect(run.stderr).toMatch(/kill-primary: 3 trials — /);
    expect(run.stderr).toMatch(/RTO: p50 [\d.]+ s · p95 [\d.]+ s · max [\d.]+ s/);
  });
});
