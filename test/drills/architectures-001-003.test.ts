/**
 * Seed architectures 001 and 003: every drill of scenarios/architectures/001_2b7d7dc686551596 and
 * scenarios/architectures/003_c25c122044e446a7 runs through the real CLI. Claims that hold pass
 * (exit 0); a seed runbook that cannot work as written fails (exit 1) with the step and the
 * reason named; its corrected variant passes.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ScenarioResult } from '../../src/result/result.ts';
import { runClaimDrill, runDrill, runbookLog, timelineMessages } from './pgdrill-cli.ts';

const S001 = 'scenarios/architectures/001_2b7d7dc686551596';
const S003 = 'scenarios/architectures/003_c25c122044e446a7';

const drill = (folder: string, name: string, exitCode: number) =>
  runClaimDrill(`${folder}/${name}.yaml`, name, exitCode);
const stepStatus = (result: ScenarioResult, step: number) => result.steps[step - 1]?.status;

describe('seed 001_2b7d7dc686551596: master + hot standby, PgBouncer transaction pooling, manual failover', () => {
  it('seed-001-hot-standby-reads: the replica streams through its slot, serves reads, refuses writes, lags < 1 s', async () => {
    const { result } = await drill(S001, 'seed-001-hot-standby-reads', 0);
    expect(stepStatus(result, 5)).toBe('expected-failure');
    expect(result.steps[4]!.error).toMatch(/read-only transaction/);
    expect(result.metrics!.observed.maxLagSeconds!.value).toBeLessThanOrEqual(1);
    expect(result.metrics!.checksums.match).toBe(true);
  });

  it("seed-001-manual-failover: stop master, the runbook's pg_ctl promote, PgBouncer repointed, old master rejoins; nothing lost", async () => {
    const { result, dir } = await drill(S001, 'seed-001-manual-failover', 0);
    expect(await runbookLog(dir, 3)).toMatch(/server promot(ed|ing)/); // the failover is step 3
    expect(timelineMessages(result).some((m) => /pg-2 promoted on timeline 2/.test(m))).toBe(true);
    expect(timelineMessages(result).some((m) => /pg-1 rejoined as a replica of pg-2/.test(m))).toBe(true);
    expect(result.metrics!.rpo.lostTransactions).toBe(0);
    expect(result.metrics!.rto.seconds).toBeLessThanOrEqual(15);
  });

  it('seed-001-manual-failover-after-crash: after a crash, the same runbook promotes a replica that lacks acknowledged commits (exit 1)', async () => {
    const { result, dir } = await drill(S001, 'seed-001-manual-failover-after-crash', 1);
    expect(await runbookLog(dir, 4)).toMatch(/server promot(ed|ing)/); // the failover is step 4
    expect(result.metrics!.rpo.lostTransactions).toBeGreaterThan(0);
    expect(result.expectations.find((e) => e.name === 'rpo.lostTransactions')?.verdict).toBe('failed');
    expect(result.metrics!.splitBrain.detected).toBe(false);
  });

  it('seed-001-backup-restore: backup.sh keeps 7 days, restore.sh brings back exactly the backed-up data', async () => {
    const { result, dir } = await drill(S001, 'seed-001-backup-restore', 0);
    expect(await runbookLog(dir, 5)).toMatch(/7 daily backups kept, older ones removed/);
    const [check] = result.metrics!.recovery.recoveries;
    expect(check).toMatchObject({ kind: 'runbook', passed: true });
    expect(check!.tables.find((t) => t.table === 'public.accounts')!.actual!.rows).toBe(1000);
  });
});

describe('seed 003_c25c122044e446a7: Patroni + etcd + HAProxy, sync replication, consistency checker, basebackup + PITR', () => {
  it('seed-003-patroni-failover: Patroni elects the up-to-date slave, never the one beyond 1 MB of lag; HAProxy follows', async () => {
    const { result, dir } = await drill(S003, 'seed-003-patroni-failover', 0);
    // the seed's own patroni.yml: ttl 30 + loop_wait 10, and HAProxy's two failed checks
    expect(result.metrics!.rto.seconds).toBeLessThanOrEqual(45);
    expect(result.metrics!.observed.maxLagBytes!.value).toBeGreaterThan(1048576);
    // Patroni itself says why the lagging slave stood back
    const logs = await Promise.all(
      ['pg-1', 'pg-2', 'pg-3'].map((n) => readFile(path.join(dir, 'logs', `${n}.log`), 'utf8')),
    );
    expect(logs.some((log) => /exceeds maximum replication lag/.test(log))).toBe(true);
  });

  it('seed-003-async-loss-window: Patroni promotes a slave within 1 MB of lag, and the commits in that window are gone', async () => {
    const { result } = await drill(S003, 'seed-003-async-loss-window', 0);
    expect(result.metrics!.rpo.lostTransactions).toBeGreaterThan(0);
    expect(result.metrics!.rpo.lostKeysTotal).toBe(result.metrics!.rpo.lostTransactions); // each one named by its key
    expect(timelineMessages(result).some((m) => /^Patroni elected pg-\d/.test(m))).toBe(true);
    expect(result.metrics!.splitBrain.detected).toBe(false);
  });

  it('seed-003-patroni-rewind-rejoin: a partitioned master demotes, rejoins after the heal, all nodes agree — or hits Patroni #3649', async () => {
    // Two outcomes, each proven from its own evidence. Cut off from etcd, the master's Patroni
    // demotes it ("offline"); the fast shutdown then waits for walsenders stuck on the partition,
    // the next loop demotes again from the main thread, and two postmasters start at once
    // (Patroni issue #3649, Debian bookworm's Patroni 3.0.2). Mostly the node survives that and is
    // rewound; sometimes its pg_control is left unrecoverable and it never rejoins: the drill must
    // then fail on convergence, naming that node.
    const { result, dir, exitCode } = await runDrill(
      `${S003}/seed-003-patroni-rewind-rejoin.yaml`,
      'seed-003-patroni-rewind-rejoin',
      [0, 1],
    );
    expect(result.claims?.length ?? 0).toBeGreaterThan(0);
    expect(result.metrics!.splitBrain.detected).toBe(false);
    const isolated = timelineMessages(result)
      .map((m) => /^partition \[(pg-\d)\] \|/.exec(m)?.[1])
      .find(Boolean);
    expect(isolated, 'the partition step names the isolated master').toBeDefined();
    const oldMasterLog = await readFile(path.join(dir, 'logs', `${isolated}.log`), 'utf8');
    const logs = await Promise.all(
      ['pg-1', 'pg-2', 'pg-3'].map((n) => readFile(path.join(dir, 'logs', `${n}.log`), 'utf8')),
    );
    expect(logs.join('\n')).not.toMatch(/pg_rewind exit code=[1-9]|pg_rewind failed/);
    if (exitCode === 0) {
      expect(result.status).toBe('passed');
      const healedAt = result.timeline.find((e) => /^healed: partition/.test(e.message))!.atMs;
      const rejoined = result.timeline.filter((e) => e.atMs >= healedAt).map((e) => e.message);
      expect(rejoined).toContain(`${isolated} answers again (replica)`);
      expect(result.metrics!.checksums.match).toBe(true);
      expect(result.metrics!.convergence.seconds).not.toBeNull();
    } else {
      expect(result.status).toBe('failed');
      expect(oldMasterLog).toMatch(/AsyncExecutor is busy, demoting from the main thread/);
      expect(oldMasterLog).toMatch(/lock file "postmaster\.pid" already exists/);
      const waitConverged = result.steps.find((s) => s.title === 'wait converged')!;
      expect(waitConverged.status).toBe('failed');
      expect(waitConverged.error).toMatch(new RegExp(`${isolated} \\(not streaming`));
    }
  });

  it("seed-003-sync-standby-names-as-given: 'FIRST 1 (slave1,slave2)' matches no standby, so commits hang (exit 1)", async () => {
    const { result, dir } = await drill(S003, 'seed-003-sync-standby-names-as-given', 1);
    // 6.1's own monitoring query would have told the team: both standbys async, none sync
    const monitoring = await runbookLog(dir, 4);
    expect(monitoring).toMatch(/FIRST 1 \(slave1,slave2\)/);
    expect(monitoring.match(/\| streaming \| async +\|/g)).toHaveLength(2);
    expect(monitoring).not.toMatch(/\| sync +\|/);
    expect(stepStatus(result, 5)).toBe('failed');
    expect(result.expectations.find((e) => e.name === 'workload.maxStallSeconds')?.passed).toBe(false);
  });

  it("seed-003-sync-standby-names-corrected: FIRST 1 with the replicas' application_names loses nothing at failover", async () => {
    const { result, dir } = await drill(S003, 'seed-003-sync-standby-names-corrected', 0);
    const monitoring = await runbookLog(dir, 2);
    expect(monitoring).toMatch(/slave1 +\| streaming \| sync +\|/);
    expect(monitoring).toMatch(/slave2 +\| streaming \| potential +\|/);
    expect(result.metrics!.rpo.lostTransactions).toBe(0);
  });

  it('seed-003-slot-management: create, list and drop standby_slot_1 on a live master', async () => {
    const { result, dir } = await drill(S003, 'seed-003-slot-management', 0);
    expect(await runbookLog(dir, 4)).toMatch(/standby_slot_1 +\| f +\| +\|/); // inactive, and no WAL reserved (restart_lsn empty)
    expect(await runbookLog(dir, 7)).not.toMatch(/standby_slot_1/);
    expect(result.metrics!.checksums.match).toBe(true);
  });

  it("seed-003-consistency-checker-as-given: the seed's checksum misses a changed value, find_differences lists nothing (exit 1)", async () => {
    const { result, dir } = await drill(S003, 'seed-003-consistency-checker-as-given', 1);
    expect(stepStatus(result, 4)).toBe('expected-failure');
    expect(await runbookLog(dir, 4)).toMatch(/差异数量: 0/);
    expect(stepStatus(result, 9)).toBe('unexpected-success');
    expect(await runbookLog(dir, 9)).toMatch(/consistent=True/);
  });

  it('seed-003-consistency-checker-corrected: whole-row checksums report each difference, then agree with pgdrill', async () => {
    const { result, dir } = await drill(S003, 'seed-003-consistency-checker-corrected', 0);
    expect(await runbookLog(dir, 4)).toMatch(/'id': 2, 'difference_type': 'missing_in_master'/);
    expect(await runbookLog(dir, 9)).toMatch(/'id': 1, 'difference_type': 'data_different'/);
    expect(await runbookLog(dir, 12)).toMatch(/数据一致/);
    expect(result.metrics!.checksums.match).toBe(true);
  });

  it("seed-003-basebackup-pitr-runbook: the seed's recovery unpacks a data.tar.gz that does not exist and writes recovery.conf (exit 1)", async () => {
    const { result, dir } = await drill(S003, 'seed-003-basebackup-pitr-runbook', 1);
    expect(await runbookLog(dir, 2)).not.toMatch(/完整性验证通过/); // its integrity check never ran
    expect(await runbookLog(dir, 8)).toMatch(/data\.tar\.gz: Cannot open/);
    const [check] = result.metrics!.recovery.recoveries;
    expect(check).toMatchObject({ kind: 'runbook', passed: false });
    expect(check!.reason).toMatch(/recovery\.conf is not read since PostgreSQL 12/);
    expect(check!.reason).toMatch(/PostgreSQL is not running after the runbook/);
  });

  it('seed-003-basebackup-pitr-corrected: the corrected scripts recover the master to exactly the mark', async () => {
    const { result, dir } = await drill(S003, 'seed-003-basebackup-pitr-corrected', 0);
    expect(await runbookLog(dir, 2)).toMatch(/完整性验证通过/);
    const [check] = result.metrics!.recovery.recoveries;
    expect(check).toMatchObject({ kind: 'runbook', passed: true });
    expect(check!.tables.find((t) => t.table === 'public.accounts')!.actual!.rows).toBe(1000);
  });

  it('seed-003-health-check-as-given: the Python health check does not compile (password: "…" in a call) (fails)', async () => {
    const { result } = await drill(S003, 'seed-003-health-check-as-given', 1);
    const step = result.steps.find((s) => s.status === 'failed');
    expect(step?.title).toContain('health-check.sh');
    expect(step?.error).toMatch(/SyntaxError/);
    expect(result.claims![0]!.correctedBy).toBe('seed-003-health-check-corrected');
  });

  it('seed-003-health-check-corrected: healthy for the serving master and slave, unhealthy for the stopped slave', async () => {
    const { result, dir } = await drill(S003, 'seed-003-health-check-corrected', 0);
    expect(result.steps.every((s) => s.status === 'ok')).toBe(true);
    expect(await runbookLog(dir, 2)).toMatch(/HTTP\/1.1 200 OK[\s\S]*healthy, expected healthy/);
    expect(await runbookLog(dir, 5)).toMatch(/HTTP\/1.1 503 Service Unavailable[\s\S]*unhealthy, expected unhealthy/);
  });

  it('seed-003-pgbouncer-patroni-as-given: PgBouncer pinned to master_host; Patroni fails over, clients never write again (fails)', async () => {
    const { result } = await drill(S003, 'seed-003-pgbouncer-patroni-as-given', 1);
    expect(timelineMessages(result).some((m) => /Patroni elected pg-\d/.test(m))).toBe(true);
    expect(
      timelineMessages(result).some((m) =>
        /^PgBouncer still sends clients to pg-\d: .* nothing rewrites it when pg-\d takes over$/.test(m),
      ),
    ).toBe(true);
    expect(result.steps.every((s) => s.status === 'ok')).toBe(true);
    expect(result.metrics!.rto.seconds).toBeNull();
    expect(result.expectations.find((e) => e.name === 'rto.maxSeconds')?.passed).toBe(false);
    expect(result.claims![0]!.correctedBy).toBe('seed-003-pgbouncer-patroni-corrected');
  });

  it('seed-003-pgbouncer-patroni-corrected: PgBouncer → HAProxy, clients write again within ttl + loop_wait', async () => {
    const { result } = await drill(S003, 'seed-003-pgbouncer-patroni-corrected', 0);
    expect(result.metrics!.rto.seconds).toBeLessThanOrEqual(45);
    expect(result.metrics!.splitBrain.detected).toBe(false);
  });

  it('seed-003-logical-replication-as-given: no tables on the subscriber, no sublatestlsn column (fails)', async () => {
    const { result, dir } = await drill(S003, 'seed-003-logical-replication-as-given', 1);
    const step = result.steps.find((s) => s.status === 'failed');
    expect(step?.error).toMatch(/relation "public\.\w+" does not exist/);
    expect(await runbookLog(dir, 2)).toMatch(/column s\.sublatestlsn does not exist/);
    expect(result.claims![0]!.correctedBy).toBe('seed-003-logical-replication-corrected');
  });

  it('seed-003-logical-replication-corrected: inserts, updates and deletes reach the subscriber; the three tables are equal', async () => {
    const { result, dir } = await drill(S003, 'seed-003-logical-replication-corrected', 0);
    expect(result.steps.every((s) => s.status === 'ok')).toBe(true);
    const verify = await runbookLog(dir, 4);
    for (const table of ['users: 400', 'orders: 2600', 'products: 200'])
      expect(verify).toContain(`${table} rows, equal on both sides`);
  });
});
