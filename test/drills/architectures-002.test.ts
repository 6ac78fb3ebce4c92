/**
 * Seed 002 (PostgreSQL 備份恢復與高可用) drilled: every scenario in
 * scenarios/architectures/002_ae8e9f1ff8f6e2be runs through the real CLI. Claims that hold pass
 * with their figure; the seed's runbooks that cannot work as written fail (exit 1) at the step
 * or expectation that names why, and their corrected variants pass.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ScenarioResult } from '../../src/result/result.ts';
import type { RecoveryCheck } from '../../src/checks/types.ts';
import { runDrill } from './pgdrill-cli.ts';

const FOLDER = 'scenarios/architectures/002_ae8e9f1ff8f6e2be';

async function drill(file: string, name: string, exitCode: number): Promise<ScenarioResult> {
  const { result } = await runDrill(path.join(FOLDER, file), name, exitCode);
  expect(result.claims?.length ?? 0, 'the scenario declares the seed claims it tests').toBeGreaterThan(0);
  expect(result.claims!.every((c) => c.seed === '002_ae8e9f1ff8f6e2be.txt')).toBe(true);
  return result;
}

const recoveries = (result: ScenarioResult): RecoveryCheck[] => result.metrics?.recovery.recoveries ?? [];
const timeline = (result: ScenarioResult) => result.timeline.map((e) => e.message).join('\n');

function expectExact(check: RecoveryCheck): void {
  expect(check.passed, check.reason).toBe(true);
  expect(check.missingKeysTotal).toBe(0);
  expect(check.extraKeysTotal).toBe(0);
}

describe('seed 002: recovery targets and actions', () => {
  it('recovery-targets: time, xid, lsn, name and immediate, inclusive and exclusive, each action, all exact', async () => {
    const result = await drill('recovery-targets.yaml', 'seed-002-recovery-targets', 0);
    const checks = recoveries(result);
    expect(checks).toHaveLength(7);
    for (const check of checks) expectExact(check);
    expect(checks.map((c) => c.endedAs)).toEqual([
      'promoted',
      'paused',
      'shutdown',
      'paused',
      'promoted',
      'paused',
      'promoted',
    ]);
    const by = checks.map((c) => /(?:^| )by (\w+)/.exec(c.target)?.[1]);
    expect(by).toEqual(['time', 'time', 'xid', 'xid', 'lsn', 'name', 'immediate']);
    expect(checks[1]!.target).toContain('exclusive');
    expect(checks[2]!.target).toContain('exclusive');
    expect(result.metrics!.recovery.allMatch).toBe(true);
    // the deleted half of accounts is back in every mark recovery
    for (const check of checks.slice(0, 6))
      expect(check.tables.find((t) => t.table === 'public.accounts')!.actual!.rows).toBe(1000);
  });
});

describe('seed 002: synchronous replication FIRST 1 vs ANY 1', () => {
  it('sync-first-1: a hung first-priority standby stalls commits; a kill of the primary loses none', async () => {
    const result = await drill('sync-first-1.yaml', 'seed-002-sync-first-1', 0);
    expect(result.metrics!.rpo.lostTransactions).toBe(0);
    expect(result.metrics!.workload!.maxStallSeconds).toBeGreaterThanOrEqual(3);
    expect(timeline(result)).toMatch(/SIGKILL/);
    // the standbys carry the seed's names; after the failover the survivor is the synchronous one
    expect(timeline(result)).toMatch(/synchronous_standby_names = 'FIRST 1 \(standby[12]\)'/);
  });

  it('sync-first-2: two standbys confirm every commit, a third steps in for a stopped one, a kill loses none', async () => {
    const result = await drill('sync-first-2.yaml', 'seed-002-sync-first-2', 0);
    expect(result.metrics!.rpo.lostTransactions).toBe(0);
    expect(result.steps.filter((s) => s.title === 'wait until on primary').every((s) => s.status === 'ok')).toBe(true);
    // the setting lived in the old primary's configuration only: the promoted standby runs without it
    expect(result.steps.at(-1)).toMatchObject({ title: 'wait until on primary', status: 'ok' });
    expect(timeline(result)).toMatch(/ALTER SYSTEM SET synchronous_standby_names = 'FIRST 2/); // set on the primary only
    expect(timeline(result)).not.toMatch(/^pg-\d: synchronous_standby_names = /m); // so the failover had nothing to carry over
  });

  it('quorum-any-1: one hung standby does not stall commits; a kill of the primary loses none', async () => {
    const result = await drill('quorum-any-1.yaml', 'seed-002-quorum-any-1', 0);
    expect(result.metrics!.rpo.lostTransactions).toBe(0);
    expect(result.metrics!.workload!.maxStallSeconds).toBeLessThanOrEqual(2.5);
  });
});

describe('seed 002: Patroni + etcd + HAProxy', () => {
  it('patroni-kill-leader: with the seed patroni.yml (etcd3:) the leader is replaced within ttl + loop_wait, nothing lost', async () => {
    const result = await drill('patroni-kill-leader.yaml', 'seed-002-patroni-kill-leader', 0);
    expect(result.metrics!.rpo.lostTransactions).toBe(0);
    // the file's ttl 30, after the leader's last loop (loop_wait 10): not pgdrill's shorter timings
    expect(result.metrics!.rto.seconds).not.toBeNull();
    expect(result.metrics!.rto.seconds!).toBeGreaterThanOrEqual(19);
    expect(result.metrics!.rto.seconds!).toBeLessThanOrEqual(45);
    expect(result.metrics!.splitBrain.detected).toBe(false);
    const input = result.provenance?.inputs.find((f) => f.role.startsWith('patroni.yml'));
    expect(input?.path).toBe('fixtures/architectures/002_ae8e9f1ff8f6e2be/patroni-corrected.yml');
  });

  it("patroni-yml-as-given: the seed's `etcd:` (v2) section finds no v2 API on etcd 3.4: Patroni never forms the cluster (fails)", async () => {
    const result = await drill('patroni-yml-as-given.yaml', 'seed-002-patroni-yml-as-given', 1);
    expect(result.error?.code).toBe('PGDRILL_TEAM_CONFIG');
    expect(result.error?.message).toMatch(/ERROR: Failed to get list of machines from http:\/\/\S+:2379\/v2/);
  });
});

describe('seed 002: backup strategies', () => {
  it('pg-dump-rpo: the seed pg_dump/pg_restore bring back the dump exactly, and every commit after it is lost', async () => {
    const result = await drill('pg-dump-rpo.yaml', 'seed-002-pg-dump-rpo', 0);
    expect(result.metrics!.rpo.lostTransactions).toBeGreaterThan(0);
    const [restore] = recoveries(result);
    expectExact(restore!);
    expect(restore!.method).toBe('pg_dump');
  });

  it('pg-basebackup-alone: a plain -Xs base backup and a dump each restore exactly; the seed backup.sh succeeds', async () => {
    const result = await drill('pg-basebackup-alone.yaml', 'seed-002-pg-basebackup-alone', 0);
    const checks = recoveries(result);
    expect(checks.map((c) => c.method)).toEqual(['pg_basebackup', 'pg_dump']);
    for (const check of checks) expectExact(check);
    expect(result.steps.find((s) => s.title.includes('backup.sh'))?.status).toBe('ok');
  });

  it('continuous-archiving-pitr: base backup + archive recover every commit up to the mark', async () => {
    const result = await drill('continuous-archiving-pitr.yaml', 'seed-002-continuous-archiving-pitr', 0);
    const [pitr] = recoveries(result);
    expectExact(pitr!);
    expect(pitr!.archive?.missingTotal).toBe(0);
  });
});

describe('seed 002: its runbooks', () => {
  it('seed-restore-physical: after a clean stop the seed restore runbook loses nothing', async () => {
    const result = await drill('seed-restore-physical.yaml', 'seed-002-restore-physical', 0);
    expect(result.metrics!.rpo.lostTransactions).toBe(0);
    expect(result.steps.every((s) => s.status === 'ok')).toBe(true);
  });

  it('seed-restore-physical-after-crash: as written it leaves the unarchived WAL behind and loses commits (fails)', async () => {
    const result = await drill('seed-restore-physical-after-crash.yaml', 'seed-002-restore-physical-after-crash', 1);
    expect(result.status).toBe('failed');
    // the runbook itself "succeeds": the loss is only visible in the data
    expect(result.steps.every((s) => s.status === 'ok')).toBe(true);
    expect(result.metrics!.rpo.lostTransactions).toBeGreaterThan(0);
    expect(result.expectations.find((e) => e.name === 'rpo.lostTransactions')?.passed).toBe(false);
  });

  it('seed-restore-physical-corrected: with the old pg_wal copied back nothing is lost', async () => {
    const result = await drill('seed-restore-physical-corrected.yaml', 'seed-002-restore-physical-corrected', 0);
    expect(result.metrics!.rpo.lostTransactions).toBe(0);
  });

  it('seed-pitr-runbook: as written nothing is recovered — the server keeps running past the target (fails)', async () => {
    const result = await drill('seed-pitr-runbook.yaml', 'seed-002-pitr-runbook', 1);
    const step = result.steps.find((s) => s.status === 'failed');
    expect(step?.title).toContain('pitr-runbook.sh');
    expect(step?.error).toMatch(/overshot/);
    const [check] = recoveries(result);
    expect(check!.passed).toBe(false);
    expect(check!.extraKeysTotal).toBeGreaterThan(0);
  });

  it('seed-pitr-runbook-corrected: stop, base backup in place, unarchived WAL, pause at the target: exact', async () => {
    const result = await drill('seed-pitr-runbook-corrected.yaml', 'seed-002-pitr-runbook-corrected', 0);
    const [check] = recoveries(result);
    expectExact(check!);
    expect(check!.tables.find((t) => t.table === 'public.accounts')!.actual!.rows).toBe(1000);
  });
});

describe('seed 002: manual promotion', () => {
  it('manual-promote-methods: the status queries show both standbys; pg_ctl promote and SELECT pg_promote() each promote, nothing lost', async () => {
    const result = await drill('manual-promote-methods.yaml', 'seed-002-manual-promote-methods', 0);
    expect(result.metrics!.rpo.lostTransactions).toBe(0);
    expect(result.metrics!.checksums.match).toBe(true);
    const promotions = result.timeline.filter((e) => /promoted on timeline/.test(e.message)).map((e) => e.message);
    expect(promotions).toEqual([
      expect.stringMatching(/^pg-2 promoted on timeline 2/),
      expect.stringMatching(/^pg-1 promoted on timeline 3/),
    ]);
  });

  it('manual-promote-trigger-file: touching promote.trigger promotes nothing without promote_trigger_file (fails)', async () => {
    const result = await drill('manual-promote-trigger-file.yaml', 'seed-002-manual-promote-trigger-file', 1);
    const step = result.steps.find((s) => s.status === 'failed');
    expect(step?.title).toBe('procedure failover script');
    expect(step?.error).toMatch(/runbook promote-standby.sh exited 0 on pg-2, but no replica left recovery/);
    expect(result.claims![0]!.correctedBy).toBe('seed-002-manual-promote-trigger-file-corrected');
  });

  it('manual-promote-trigger-file-corrected: with promote_trigger_file set, the same touch promotes', async () => {
    const result = await drill(
      'manual-promote-trigger-file-corrected.yaml',
      'seed-002-manual-promote-trigger-file-corrected',
      0,
    );
    expect(result.metrics!.rpo.lostTransactions).toBe(0);
    expect(timeline(result)).toMatch(/pg-2 promoted on timeline 2/);
  });

  it('patronictl-failover: with no terminal, patronictl failover prompts, reads nothing and aborts (fails)', async () => {
    const result = await drill('patronictl-failover.yaml', 'seed-002-patronictl-failover', 1);
    const step = result.steps.find((s) => s.status === 'failed');
    expect(step?.title).toBe('procedure failover script');
    expect(step?.error).toMatch(/runbook patronictl-failover.sh exited 1/);
    expect(step?.error).toMatch(/Aborted!/);
  });

  it('patronictl-failover-corrected: --candidate and --force move the leader, nothing lost', async () => {
    const result = await drill('patronictl-failover-corrected.yaml', 'seed-002-patronictl-failover-corrected', 0);
    expect(result.metrics!.rpo.lostTransactions).toBe(0);
    expect(timeline(result)).toMatch(/pg-\d leads on timeline 2/);
  });
});

describe('seed 002: cascading replication', () => {
  it('cascading-replication: standby3 streams from standby1, not the primary, and follows standby1 when it is promoted', async () => {
    const result = await drill('cascading-replication.yaml', 'seed-002-cascading-replication', 0);
    expect(result.steps.every((s) => s.status === 'ok')).toBe(true);
    expect(timeline(result)).toMatch(/pg-2 promoted on timeline 2/);
    expect(result.metrics!.convergence.converged).toBe(true);
    expect(result.metrics!.convergence.replicas).toBe(2); // pg-3 and pg-4 follow pg-2
    expect(result.metrics!.checksums.match).toBe(true);
    expect(result.metrics!.checksums.nodes).toContain('pg-4');
  });
});

describe('seed 002: logical backup formats', () => {
  it('pg-dump-formats: every format restores with the seed commands to a database equal to the source', async () => {
    const { dir } = await runDrill(path.join(FOLDER, 'pg-dump-formats.yaml'), 'seed-002-pg-dump-formats', 0);
    const log = await readFile(path.join(dir, 'runbook-step-1.log'), 'utf8');
    expect(log.match(/^OK {6}/gm)?.length).toBe(10);
    expect(log).not.toMatch(/^DIFFERS/m);
    expect(log).toContain('every restore equals app');
  });

  it('restore-single-table: pg_restore -t brings the table back without its primary key (fails)', async () => {
    const result = await drill('restore-single-table.yaml', 'seed-002-restore-single-table', 1);
    const step = result.steps.find((s) => s.status === 'failed');
    expect(step?.error).toMatch(/< index CREATE UNIQUE INDEX accounts_pkey/);
  });

  it('restore-single-table-corrected: a filtered list (pg_restore -L) restores the table with its primary key', async () => {
    const { dir } = await runDrill(
      path.join(FOLDER, 'restore-single-table-corrected.yaml'),
      'seed-002-restore-single-table-corrected',
      0,
    );
    const log = await readFile(path.join(dir, 'runbook-step-1.log'), 'utf8');
    expect(log).toMatch(/CONSTRAINT public accounts accounts_pkey/);
    expect(log).toContain('accounts restored as it is in app');
  });
});
