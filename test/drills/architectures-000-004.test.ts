/**
 * The drill library of seeds 000 and 004 (scenarios/architectures/000_8d5d31107f78cec6,
 * scenarios/architectures/004_cf03137ee5e12c4b): every claim the documents make, run for real
 * through the CLI. A claim that holds exits 0; a runbook that cannot work as written exits 1
 * and its result names the step that broke and why; each failing claim's corrected variant
 * passes. Nothing of any run is left in Docker.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ScenarioResult } from '../../src/result/result.ts';
import { runDrill, timelineMessages } from './pgdrill-cli.ts';

const SEED_000 = 'scenarios/architectures/000_8d5d31107f78cec6';
const SEED_004 = 'scenarios/architectures/004_cf03137ee5e12c4b';

async function drill(folder: string, name: string, exitCode: number): Promise<{ result: ScenarioResult; dir: string }> {
  const drilled = await runDrill(`${folder}/${name}.yaml`, name, exitCode);
  expect(drilled.result.claims?.length, 'the scenario declares the claims it drills').toBeGreaterThan(0);
  return drilled;
}

const failedStep = (result: ScenarioResult) => result.steps.find((s) => s.status === 'failed');

describe('seed 000 (Kong master/slave, WAL archive, pg_dump)', () => {
  it("seed-000-replication-lag-under-1s: the slave stays under 1 s behind and the seed's archive_command archives", async () => {
    const { result } = await drill(SEED_000, 'seed-000-replication-lag-under-1s', 0);
    const lag = result.metrics!.observed.maxLagSeconds;
    expect(lag).not.toBeNull();
    expect(lag!.value).toBeLessThanOrEqual(1);
    expect(result.metrics!.observed.archiveFailures).toBe(0);
    expect(result.metrics!.checksums.match).toBe(true);
    // the slave streams with the seed's own names (slot kong_slave_slot, application_name kong_slave): the first wait step
    expect(result.steps[0]).toMatchObject({ title: 'wait until on primary', status: 'ok' });
    // the seed's own files ran: both postgresql.conf and the pg_hba.conf, each hashed with what pgdrill added
    const roles = result.provenance?.inputs.map((f) => f.role) ?? [];
    expect(roles).toEqual(
      expect.arrayContaining([
        'postgresql.conf for the primary (topology.postgres.config)',
        'postgresql.conf for the replicas (topology.postgres.config)',
        'pg_hba.conf (topology.postgres.hba)',
      ]),
    );
  });

  it('seed-000-failover-trigger-file: the trigger-file runbook promotes the slave, the clients write again there', async () => {
    const { result, dir } = await drill(SEED_000, 'seed-000-failover-trigger-file', 0);
    expect(timelineMessages(result).some((m) => /pg-2 promoted on timeline 2/.test(m))).toBe(true);
    // asynchronous: what the promotion lost is measured and reported, whatever it is
    expect(result.metrics!.rpo.lostTransactions).not.toBeNull();
    // the runbook's fixed `sleep 10` is in the RTO
    expect(result.metrics!.rto.seconds).toBeGreaterThanOrEqual(10);
    const log = await readFile(path.join(dir, 'runbook-step-3.log'), 'utf8');
    expect(log).toContain('Master database is down. Initiating failover...');
    expect(log).toContain('Failover completed successfully');
  });

  it('seed-000-failover-master-unreachable: a master alive but cut off from the slave gets a second master beside it (must fail)', async () => {
    const { result, dir } = await drill(SEED_000, 'seed-000-failover-master-unreachable', 1);
    const log = await readFile(path.join(dir, 'runbook-step-3.log'), 'utf8');
    // the runbook took the cut for a dead master, as its only check allows
    expect(log).toContain('Master database is down. Initiating failover...');
    expect(log).toContain('Failover completed successfully');
    expect(result.metrics!.splitBrain.detected).toBe(true);
    expect(result.metrics!.rpo.lostTransactions).toBeGreaterThan(0);
    // after the heal the old master is still a master: the last step's wait held
    expect(result.steps.at(-1)?.status).toBe('ok');
  });

  it('seed-000-failover-master-unreachable-fenced: the master stopped before the promotion, one master at a time', async () => {
    const { result } = await drill(SEED_000, 'seed-000-failover-master-unreachable-fenced', 0);
    expect(result.metrics!.splitBrain.detected).toBe(false);
    expect(timelineMessages(result).some((m) => /pg-2 promoted on timeline 2/.test(m))).toBe(true);
  });

  it('seed-000-zero-loss-slow-link: async replication loses acknowledged writes when the slave lags (must fail)', async () => {
    const { result } = await drill(SEED_000, 'seed-000-zero-loss-slow-link', 1);
    expect(result.status).toBe('failed');
    expect(result.metrics!.rpo.lostTransactions).toBeGreaterThan(0);
    expect(result.expectations.find((e) => e.name === 'rpo.lostTransactions')?.passed).toBe(false);
    expect(result.claims![0]!.correctedBy).toBe('seed-000-zero-loss-sync');
  });

  it('seed-000-zero-loss-sync (corrected): with synchronous replication nothing acknowledged is lost', async () => {
    const { result } = await drill(SEED_000, 'seed-000-zero-loss-sync', 0);
    expect(result.metrics!.rpo.lostTransactions).toBe(0);
    expect(result.metrics!.workload!.acknowledged).toBeGreaterThan(0);
  });

  it('seed-000-full-backup-script: pg_restore --list on the .gz ends the script under set -e (must fail)', async () => {
    const { result } = await drill(SEED_000, 'seed-000-full-backup-script', 1);
    const step = failedStep(result);
    expect(step?.title).toContain('full-backup.sh');
    expect(step?.error).toMatch(/exited 1/);
    expect(step?.error).toMatch(/pg_restore: error: input file does not appear to be a valid archive/);
    expect(step?.error).not.toMatch(/Backup integrity (verified|check failed)/); // the seed's `if [ $? -eq 0 ]` never ran
    expect(result.claims![0]!.correctedBy).toBe('seed-000-full-backup-corrected');
  });

  it('seed-000-full-backup-corrected (corrected): the gunzipped dump verifies and the script completes', async () => {
    const { dir } = await drill(SEED_000, 'seed-000-full-backup-corrected', 0);
    const log = await readFile(path.join(dir, 'runbook-step-2.log'), 'utf8');
    expect(log).toContain('Backup integrity verified');
    expect(log).toContain('Full backup process completed');
    expect(log).toContain('(exit 0)');
  });

  it('seed-000-incremental-backup-receivewal: pg_receivewal beside the archive_command, across segment switches', async () => {
    const { result, dir } = await drill(SEED_000, 'seed-000-incremental-backup-receivewal', 0);
    // counted either way: the race between pg_receivewal and the archive_command decides it
    expect(result.metrics!.observed.archiveFailures).not.toBeNull();
    const log = await readFile(path.join(dir, 'runbook-step-2.log'), 'utf8');
    expect(log).toMatch(/pg_receivewal: finished segment/);
  });

  it("seed-000-incremental-restore: the tier's WAL cannot be replayed onto the daily pg_dump (the stand-in must fail)", async () => {
    const { result, dir } = await drill(SEED_000, 'seed-000-incremental-restore', 1);
    expect(failedStep(result)?.title).toContain('incremental-restore.sh');
    const log = await readFile(path.join(dir, 'runbook-step-6.log'), 'utf8');
    expect(log).toMatch(/the dump is loaded: [1-9]\d* workload row/);
    // a dump makes a new cluster: the archived WAL belongs to another database system
    expect(log).toContain('WAL file is from different database system');
    expect(log).toMatch(/PANIC: {2}could not locate a valid checkpoint record/);
  });

  it('seed-000-maintenance-script: VACUUM ANALYZE, REINDEX DATABASE and the idle-session purge run on the live master as kong', async () => {
    const { result, dir } = await drill(SEED_000, 'seed-000-maintenance-script', 0);
    expect(result.metrics!.workload!.failed).toBe(0);
    expect(result.metrics!.workload!.maxStallSeconds).not.toBeNull();
    expect(result.metrics!.checksums.match).toBe(true);
    const log = await readFile(path.join(dir, 'runbook-step-2.log'), 'utf8');
    expect(log).toContain('REINDEX');
    expect(log).toContain('Database maintenance completed at');
    // it ran as the seed's kong role, not a superuser: VACUUM skips the shared catalogs, saying so
    expect(log).toMatch(/skipping "pg_authid" --- only superuser can vacuum it/);
  });

  it('seed-000-key-metrics-queries: the slow-query panel reads pg_stat_statements, which is never loaded (must fail)', async () => {
    const { result } = await drill(SEED_000, 'seed-000-key-metrics-queries', 1);
    const step = failedStep(result);
    expect(step?.title).toContain('key-metrics.sh');
    expect(step?.error).toMatch(/relation "pg_stat_statements" does not exist/);
    expect(result.claims![0]!.correctedBy).toBe('seed-000-key-metrics-corrected');
  });

  it('seed-000-key-metrics-corrected (corrected): with the extension loaded and the PostgreSQL 13+ columns all four queries run', async () => {
    const { dir } = await drill(SEED_000, 'seed-000-key-metrics-corrected', 0);
    const log = await readFile(path.join(dir, 'runbook-step-2.log'), 'utf8');
    expect(log).toMatch(/kong_slave\s+\| streaming/); // 1. replication delay: the slave under the seed's application_name
    expect(log).toContain('mean_exec_time'); // 3. slow queries, with the PostgreSQL 13+ columns
    expect(log).toMatch(/public\s+\| accounts\s+\| \d+ kB/); // 4. disk use
    expect(log).toContain('(exit 0)');
  });

  it('seed-000-pitr-corrected (corrected): a physical base backup + archive restores the master to the mark', async () => {
    const { result, dir } = await drill(SEED_000, 'seed-000-pitr-corrected', 0);
    const [check] = result.metrics!.recovery.recoveries;
    expect(check).toMatchObject({ kind: 'runbook', node: 'pg-1', passed: true });
    for (const table of check!.tables) expect(table.actual, table.table).toEqual(table.expected);
    expect(check!.tables.find((t) => t.table === 'public.accounts')!.actual!.rows).toBe(1000); // the DELETE is undone
    expect(result.metrics!.recovery.allMatch).toBe(true);
    expect(await readFile(path.join(dir, 'logs', 'pg-1.log'), 'utf8')).toMatch(
      /recovery stopping before commit of transaction/,
    );
  });
});

/** An archive-only recovery of a lost server: it opened, and what it lost is counted beside archive_timeout. */
function expectArchiveLoss(result: ScenarioResult, archiveTimeout: string): void {
  const check = result.metrics!.recovery.recoveries[0]!;
  expect(check.passed, check.reason).toBe(true);
  expect(check.archiveLoss).toMatchObject({ switchedWal: false, archiveTimeout });
  expect(check.archiveLoss!.lostCommits).toBeGreaterThan(0);
  expect(check.archiveLoss!.walBytes).toBeGreaterThan(0);
  expect(result.metrics!.rpo.lostTransactions).toBe(check.archiveLoss!.lostCommits);
  expect(result.expectations.find((e) => e.name === 'rpo.lostTransactions')?.verdict).toBe('failed');
}

describe('seed 000: retention, by planting older files and running the scripts', () => {
  it('seed-000-retention-full-backup-as-given: the 35-day dump stays: set -e ends the script before its cleanup (exit 1)', async () => {
    const { result, dir } = await drill(SEED_000, 'seed-000-retention-full-backup-as-given', 1);
    expect(result.steps[2]!.status).toBe('expected-failure');
    const check = result.steps[3]!;
    expect(check.status).toBe('failed');
    expect(await readFile(path.join(dir, 'runbook-step-4.log'), 'utf8')).toMatch(
      /retention not applied: daily\/kong_full_backup_20261001_020000\.dump\.gz was kept, the rule says gone/,
    );
  });

  it('seed-000-retention-full-backup-corrected: the 35-day dump is deleted, the 25-day one kept', async () => {
    const { dir } = await drill(SEED_000, 'seed-000-retention-full-backup-corrected', 0);
    const log = await readFile(path.join(dir, 'runbook-step-4.log'), 'utf8');
    expect(log).toMatch(/as the rule says: daily\/kong_full_backup_20261001_020000\.dump\.gz gone/);
    expect(log).toMatch(/as the rule says: daily\/kong_full_backup_20261110_020000\.dump\.gz kept/);
  });

  it('seed-000-retention-incremental: markers older than 7 days and WAL older than 14 days go, younger ones stay', async () => {
    const { dir } = await drill(SEED_000, 'seed-000-retention-incremental', 0);
    expect(await readFile(path.join(dir, 'runbook-step-5.log'), 'utf8')).toMatch(
      /as the rule says: hourly\/incr_backup_20261125_010000\.marker gone/,
    );
    expect(await readFile(path.join(dir, 'runbook-step-6.log'), 'utf8')).toMatch(
      /as the rule says: 0000000100000000000000F0 gone[\s\S]*0000000100000000000000F1 kept/,
    );
  });
});

describe('seed 000 and 004: recovering a lost server from the archive alone', () => {
  it('seed-000-archive-only-rpo: archive_timeout = 300 leaves the commits of the unfilled segment on the dead master (exit 1)', async () => {
    const { result } = await drill(SEED_000, 'seed-000-archive-only-rpo', 1);
    expectArchiveLoss(result, '5min');
  });

  it('seed-004-archive-only-rpo: without archive_timeout, "any point in time" stops at the last full segment (exit 1)', async () => {
    const { result } = await drill(SEED_004, 'seed-004-archive-only-rpo', 1);
    expectArchiveLoss(result, '0');
  });
});

describe('seed 004 (single node, WAL archiving on by default)', () => {
  it("seed-004-verify-archiving: the seed's checks pass and pg_switch_wal() lands a segment in the archive", async () => {
    const { result, dir } = await drill(SEED_004, 'seed-004-verify-archiving', 0);
    // counted either way: the race between pg_receivewal and the archive_command decides it
    expect(result.metrics!.observed.archiveFailures).not.toBeNull();
    const log = await readFile(path.join(dir, 'runbook-step-2.log'), 'utf8');
    expect(log).toContain('wal_level: replica');
    expect(log).toContain('archive_mode: on');
    expect(log).toMatch(/WAL archiving verified: [0-9A-F]{24} archived/);
  });

  it("seed-004-restore-base-backup-archive: base backup + the seed's archive recover exactly to the mark by time and LSN", async () => {
    const { result } = await drill(SEED_004, 'seed-004-restore-base-backup-archive', 0);
    const checks = result.metrics!.recovery.recoveries;
    expect(checks.map((c) => c.kind)).toEqual(['pitr', 'pitr']);
    for (const check of checks) {
      expect(check.passed, check.reason).toBe(true);
      expect(check.extraKeysTotal).toBe(0);
      expect(check.missingKeysTotal).toBe(0);
    }
    expect(checks.every((c) => c.archive?.missingTotal === 0)).toBe(true);
  });
});
