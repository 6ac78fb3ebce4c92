/**
 * Failover slots (PostgreSQL 17 and 18): a logical subscriber survives a physical failover when
 * its slot was synchronised to the standby, and loses the stream when it was not. A third run,
 * the same failover without the runbook's reset of synchronized_standby_slots on the new
 * primary, must fail: logical replication from it then waits on a standby slot it does not have.
 * After a switchover, the old primary's own slot (synced = false) blocks synchronisation to it
 * until it is dropped there.
 */
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  BATCH_TIMEOUT_MS,
  DrillBatch,
  explainRun,
  leftoverContainers,
  pgdrill,
  readResult,
  tempDir,
} from './pgdrill-cli.ts';

const WITH_SLOTS = 'scenarios/ha/logical-failover-slots.yaml';
const WITHOUT_SLOTS = 'scenarios/ha/logical-failover-without-slots.yaml';
const MAJORS = [17, 18];

const failovers = new DrillBatch('logical-failover', [WITH_SLOTS, WITHOUT_SLOTS], ['--pg', MAJORS.join(',')]);

describe('a logical subscriber across a failover', () => {
  for (const major of MAJORS) {
    it(`keeps every change, none twice, with a failover slot (PostgreSQL ${major})`, {
      timeout: BATCH_TIMEOUT_MS,
    }, async () => {
      const { run, result } = await failovers.result(`logical-failover-slots@pg${major}`);
      if (result.status !== 'passed') expect.fail(await explainRun(run, 0));
      const messages = result.timeline.map((e) => e.message);
      expect(messages).toContainEqual(
        expect.stringMatching(/^slot pgdrill_sub failover-ready on pg-2 \(synced, persistent\)/),
      );
      expect(messages).toContainEqual(
        expect.stringMatching(
          /^subscriber-1 holds the \d+ rows of pg-2 after the repoint \(slot synchronised before the failover\): none missing, none extra, no apply error/,
        ),
      );
    });

    it(`loses the stream without one, and the drill says why (PostgreSQL ${major})`, {
      timeout: BATCH_TIMEOUT_MS,
    }, async () => {
      const { run, result } = await failovers.result(`logical-failover-without-slots@pg${major}`);
      if (result.status !== 'passed') expect.fail(await explainRun(run, 0));
      const repoint = result.steps.find((s) => s.title.startsWith('procedure repoint-subscriber'));
      expect(repoint?.status).toBe('expected-failure');
      expect(repoint?.error).toMatch(/pg-2 has no replication slot pgdrill_sub: the subscription cannot resume there/);
      expect(repoint?.error).toContain(
        'the subscription has no failover slot: CREATE SUBSCRIPTION … WITH (failover = true)',
      );
      // the subscriber's own words
      expect(repoint?.error).toMatch(/replication slot "pgdrill_sub" does not exist/);
    });
  }

  it('leaves nothing in Docker', { timeout: BATCH_TIMEOUT_MS }, async () => {
    const { run } = await failovers.result(`logical-failover-slots@pg${MAJORS[0]}`);
    expect(run.exitCode, run.all).toBe(0);
    expect(await leftoverContainers(run.pid)).toEqual([]);
  });

  it('MUST fail when the new primary still waits on the old standby slot (synchronized_standby_slots)', {
    timeout: BATCH_TIMEOUT_MS,
  }, async () => {
    const reportDir = await tempDir('logical-stale-standby-slots');
    const variant = path.join(reportDir, 'stale-standby-slots.yaml');
    const text = (await readFile(WITH_SLOTS, 'utf8'))
      .replace('name: logical-failover-slots', 'name: logical-stale-standby-slots')
      .replace(/ {2}# the runbook's step after a promotion[\s\S]*?SELECT pg_reload_conf\(\)\n/, '')
      .replace('timeout: 30s', 'timeout: 10s');
    expect(text).not.toContain('pg_reload_conf');
    await writeFile(variant, text);
    const run = await pgdrill(['run', variant, '--report-dir', reportDir]);
    expect(run.exitCode, run.all).toBe(1);
    const result = await readResult(reportDir, 'logical-stale-standby-slots');
    expect(result.error?.message).toMatch(
      /subscriber-1 after the repoint to pg-2: it had not caught up after 10 s \((\d+ rows missing|no row missing, but slot pgdrill_sub on pg-2 confirms only)/,
    );
    expect(result.error?.message).toMatch(
      /replication slot "pg_2" specified in parameter "?synchronized_standby_slots"? does not exist/,
    );
    expect(await leftoverContainers(run.pid)).toEqual([]);
  });
});

describe('a logical subscriber across a switchover', () => {
  const DRILLS = ['logical-switchover-unsynced-slot', 'logical-switchover-drop-unsynced-slot'];
  const switchovers = new DrillBatch(
    'logical-switchover',
    DRILLS.map((d) => `scenarios/ha/${d}.yaml`),
  );

  it("finds the old primary's unsynchronised slot blocking slot sync there, in the worker's own words", {
    timeout: BATCH_TIMEOUT_MS,
  }, async () => {
    const { run, result } = await switchovers.result(DRILLS[0]!);
    if (result.status !== 'passed') expect.fail(await explainRun(run, 0));
    const repoint = result.steps.find((s) => s.title.startsWith('procedure repoint-subscriber'));
    expect(repoint?.status).toBe('expected-failure');
    expect(repoint?.error).toMatch(/^pg-1 holds no failover-ready copy of slot pgdrill_sub after \d+ s \(not synced\)/);
    expect(repoint?.error).toContain(
      'exiting from slot synchronization because same name slot "pgdrill_sub" already exists on the standby',
    );
  });

  it('covers the next failover again once that slot is dropped on the old primary', {
    timeout: BATCH_TIMEOUT_MS,
  }, async () => {
    const { run, result } = await switchovers.result(DRILLS[1]!);
    if (result.status !== 'passed') expect.fail(await explainRun(run, 0));
    expect(result.timeline.map((e) => e.message)).toContainEqual(
      expect.stringMatching(
        /^slot pgdrill_sub failover-ready on pg-1 \(synced, persistent\) [\d.]+ s after the repoint$/,
      ),
    );
    expect(run.exitCode, run.all).toBe(0);
    expect(await leftoverContainers(run.pid)).toEqual([]);
  });
});
