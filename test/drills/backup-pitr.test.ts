/**
 * Backups, restores and point-in-time recovery for real: every drill in scenarios/backup and
 * scenarios/pitr runs through the CLI, and its result must show the recovery checks that made
 * the verdict — equal snapshots where recovery works, the named cause where it cannot.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runDrill } from './pgdrill-cli.ts';
import { expectEqualSnapshots, expectIncrementalChainRestored, recoveries } from './recovery-expect.ts';

describe('scenarios/backup and scenarios/pitr', () => {
  it('pg-dump-restore: a dump taken under load restores to exactly the snapshot at dump start', async () => {
    const { result, dir } = await runDrill('scenarios/backup/pg-dump-restore.yaml', 'pg-dump-restore', 0);
    const [backup] = result.metrics!.recovery.backups;
    expect(backup).toMatchObject({ method: 'pg_dump', verification: { tool: 'pg_restore --list', passed: true } });
    expect(backup!.sizeBytes).toBeGreaterThan(0);
    const [restore] = recoveries(result);
    expectEqualSnapshots(restore!);
    // under load: the workload wrote on after the dump started, and none of that is in the restore
    expect(result.metrics!.workload!.acknowledged).toBeGreaterThan(
      restore!.tables.find((t) => t.table === 'public.pgdrill_writes')!.expected!.rows,
    );
    const report = await readFile(path.join(dir, 'report.md'), 'utf8');
    expect(report).toContain('## Backups and recovery');
    expect(report).toContain(restore!.tables[0]!.expected!.digest);
  });

  it('pitr-undo-delete: the deleted rows and the dropped table come back by time, xid, lsn and name, later writes do not', async () => {
    const { result, dir } = await runDrill('scenarios/pitr/pitr-undo-delete.yaml', 'pitr-undo-delete', 0);
    const checks = recoveries(result);
    expect(checks.map((c) => c.target.split(' ').slice(0, 4).join(' '))).toEqual([
      'mark before-accident by time',
      'mark before-accident by xid',
      'mark before-accident by lsn',
      'mark before-accident by name',
    ]);
    for (const check of checks) expectEqualSnapshots(check);
    const accounts = checks[0]!.tables.find((t) => t.table === 'public.accounts')!;
    expect(accounts.actual!.rows).toBe(1000); // all of them, although half were deleted
    expect(checks[0]!.tables.some((t) => t.table === 'public.audit_log')).toBe(true); // dropped, and back
    expect(checks[1]!.target).toContain('exclusive');
    expect(checks[2]).toMatchObject({ endedAs: 'promoted' });
    expect(checks[2]!.timeline).toBeGreaterThan(1); // promotion starts a new timeline
    expect(checks.every((c) => c.archive?.missingTotal === 0)).toBe(true);
    // PostgreSQL itself says where it stopped
    expect(await readFile(path.join(dir, 'logs', 'pitr-1.log'), 'utf8')).toMatch(
      /recovery stopping before commit of transaction/,
    );
    expect(await readFile(path.join(dir, 'logs', 'pitr-4.log'), 'utf8')).toMatch(
      /recovery stopping at restore point "before-accident"/,
    );
  });

  it('pgbackrest-full-incr-pitr: full and incremental backups verify, restore and recover to a mark', async () => {
    const { result } = await runDrill(
      'scenarios/backup/pgbackrest-full-incr-pitr.yaml',
      'pgbackrest-full-incr-pitr',
      0,
    );
    const [full, incr] = result.metrics!.recovery.backups;
    expect(full).toMatchObject({ method: 'pgbackrest', verification: { tool: 'pgbackrest verify', passed: true } });
    expect(incr).toMatchObject({ method: 'pgbackrest', verification: { passed: true } });
    const checks = recoveries(result);
    expect(checks.map((c) => c.kind)).toEqual(['restore', 'pitr']);
    for (const check of checks) expectEqualSnapshots(check);
    expect(checks[1]!.archive?.location).toContain('pgbackrest');
  });

  it('basebackup-incremental-pitr: an incremental pg_basebackup, combined with its full backup, restores and recovers to a mark', async () => {
    const { result } = await runDrill(
      'scenarios/backup/basebackup-incremental-pitr.yaml',
      'basebackup-incremental-pitr',
      0,
    );
    expectIncrementalChainRestored(result);
  });

  it("pitr-across-failover: a target on the old timeline is reached through the new timeline's archive", async () => {
    const { result, dir } = await runDrill('scenarios/pitr/pitr-across-failover.yaml', 'pitr-across-failover', 0);
    expect(result.timeline.some((e) => /pg-2 promoted on timeline 2/.test(e.message))).toBe(true);
    const checks = recoveries(result);
    expect(checks).toHaveLength(2);
    for (const check of checks) expectEqualSnapshots(check);
    expect(await readFile(path.join(dir, 'logs', 'pitr-1.log'), 'utf8')).toMatch(
      /restored log file "00000002\.history" from archive/,
    );
  });

  it("seed-000-recovery-conf-runbook: the seed's recovery.conf runbook fails the drill and the report says why", async () => {
    const { result, dir } = await runDrill(
      'scenarios/pitr/seed-000-recovery-conf-runbook.yaml',
      'seed-000-recovery-conf-runbook',
      1,
    );
    expect(result.status).toBe('failed');
    expect(result.error?.message).toMatch(/runbook pitr-runbook\.sh exited 0 on pg-1/);
    expect(result.error?.message).toMatch(/PostgreSQL is not running after the runbook/);
    expect(result.error?.message).toMatch(/recovery\.conf is not read since PostgreSQL 12/);
    const [check] = recoveries(result);
    expect(check).toMatchObject({ kind: 'runbook', passed: false });
    const runbookLog = await readFile(path.join(dir, 'runbook-step-8.log'), 'utf8');
    expect(runbookLog).toMatch(/Point-in-time recovery completed/);
    expect(runbookLog).toMatch(/\(exit 0\)/);
  });

  it('pitr-archive-gap: PITR past a deleted segment fails, naming that segment', async () => {
    const { result, dir } = await runDrill('scenarios/pitr/pitr-archive-gap.yaml', 'pitr-archive-gap', 0);
    const removed = /removed ([0-9A-F]{24}) from the archive/.exec(
      await readFile(path.join(dir, 'runbook-step-10.log'), 'utf8'),
    )?.[1];
    expect(removed).toBeDefined();
    const pitrStep = result.steps.at(-1)!;
    expect(pitrStep.status).toBe('expected-failure');
    expect(pitrStep.error).toMatch(/recovery ended before configured recovery target was reached/);
    expect(pitrStep.error).toContain(`lacks segment ${removed}`);
    expect(recoveries(result)[0]!.archive).toMatchObject({ missing: [removed], missingTotal: 1 });
  });

  it('archive-only-rpo: a server lost without archive_timeout takes its unfilled segment with it: commits, bytes and seconds', async () => {
    const { result } = await runDrill('scenarios/pitr/archive-only-rpo.yaml', 'archive-only-rpo', 0);
    const [check] = recoveries(result);
    expect(check?.passed, check?.reason).toBe(true);
    const loss = check!.archiveLoss!;
    expect(loss).toMatchObject({ switchedWal: false, archiveTimeout: '0' });
    expect(loss.lostCommits).toBeGreaterThan(0);
    expect(loss.walBytes).toBeGreaterThan(0);
    expect(loss.seconds).toBeGreaterThan(0);
    expect(loss.recoveredToLsn).toMatch(/^[0-9A-F]+\/[0-9A-F]+$/);
    // with the primary gone, RPO is counted against what the archive gave back, and says so
    expect(result.metrics!.rpo).toMatchObject({
      lostTransactions: loss.lostCommits,
      survivor: expect.stringMatching(/^pitr-1 \(recovered from the WAL archive/),
    });
    expect(check!.reason).toMatch(/archive_timeout 0 \(off\)/);
  });
});
