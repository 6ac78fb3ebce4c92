import { describe, expect, it } from 'vitest';
import { checkRecoveries, checkRecovery } from './recovery.ts';
import { makeEvidence } from './test-evidence.ts';
import type { TableDigest } from '../evidence/evidence.ts';
import type { BackupRecord, DataSnapshot, MarkRecord, RecoveryRecord } from '../evidence/recovery-evidence.ts';

const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);

const accounts: TableDigest = { table: 'public.accounts', rows: 100, digest: 'a1b2c3d4e5f60718293a4b5c6d7e8f90' };
const orders: TableDigest = { table: 'public.orders', rows: 40, digest: 'fedcba9876543210fedcba9876543210' };
/** the workload table's digest follows its keys, as a real one would */
const writes = (keys: number[]): TableDigest => ({
  table: 'public.pgdrill_writes',
  rows: keys.length,
  digest: `w${keys.length}-${keys.at(-1) ?? 0}`,
});

function snapshot(keys: number[], tables: TableDigest[] = [accounts, orders], node = 'pg-1'): DataSnapshot {
  return { node, atMs: 10_000, tables: [...tables, writes(keys)], keys };
}

/** A PITR to mark m1 (keys 1..1523) by xid, restored on pg-restore; `actual` equal unless given. */
function pitr(more: Partial<RecoveryRecord> = {}): RecoveryRecord {
  const expected = snapshot(range(1, 1523));
  return {
    kind: 'pitr',
    stepIndex: 6,
    node: 'pg-restore',
    backup: 'base',
    method: 'pg_basebackup',
    target: { mark: 'm1', by: 'xid', value: '1234', inclusive: true, action: 'pause' },
    expected: { source: 'mark m1', snapshot: expected },
    actual: { ...expected, node: 'pg-restore', atMs: 30_000 },
    startedAtMs: 20_000,
    completedAtMs: 27_500,
    sizeBytes: 52_428_800,
    timeline: 1,
    endedAs: 'paused',
    ...more,
  };
}

/** A restore of pg_dump backup nightly (keys 1..50). */
function restore(more: Partial<RecoveryRecord> = {}): RecoveryRecord {
  const expected = snapshot(range(1, 50));
  return {
    kind: 'restore',
    stepIndex: 3,
    node: 'pg-restore',
    backup: 'nightly',
    method: 'pg_dump',
    expected: { source: 'backup nightly (dump start)', snapshot: expected },
    actual: { ...expected, node: 'pg-restore' },
    startedAtMs: 1_000,
    completedAtMs: 3_250,
    sizeBytes: null,
    timeline: 1,
    endedAs: null,
    ...more,
  };
}

const withKeys = (keys: number[], tables: TableDigest[] = [accounts, orders]) => snapshot(keys, tables, 'pg-restore');

describe('checkRecovery', () => {
  it('a PITR equal to its mark passes, and says what it compared', () => {
    const check = checkRecovery(pitr());
    expect(check).toMatchObject({
      kind: 'pitr',
      stepIndex: 6,
      node: 'pg-restore',
      backup: 'base',
      method: 'pg_basebackup',
      target: 'mark m1 by xid 1234 (inclusive, then pause)',
      expectedSource: 'mark m1',
      passed: true,
      missingKeys: [],
      missingKeysTotal: 0,
      extraKeys: [],
      extraKeysTotal: 0,
      durationSeconds: 7.5,
      sizeBytes: 52_428_800,
      timeline: 1,
      endedAs: 'paused',
      archive: null,
      reason: 'equal to the snapshot of mark m1: 3 tables, 1523 workload rows',
    });
    expect(check.tables.map((t) => [t.table, t.match])).toEqual([
      ['public.accounts', true],
      ['public.orders', true],
      ['public.pgdrill_writes', true],
    ]);
    expect(check.tables[0]).toEqual({
      table: 'public.accounts',
      expected: { rows: 100, digest: accounts.digest },
      actual: { rows: 100, digest: accounts.digest },
      match: true,
    });
  });

  it("a restore equal to its backup passes; its target is the backup's consistent point", () => {
    expect(checkRecovery(restore())).toMatchObject({
      passed: true,
      target: "the backup's consistent point",
      expectedSource: 'backup nightly (dump start)',
      durationSeconds: 2.25,
      reason: 'equal to the snapshot of backup nightly (dump start): 3 tables, 50 workload rows',
    });
  });

  it('describes every kind of target', () => {
    const target = (t: RecoveryRecord['target']) => checkRecovery(pitr({ target: t })).target;
    expect(target({ by: 'immediate', value: 'immediate', inclusive: true, action: 'promote' })).toBe(
      "by immediate (the backup's end, then promote)",
    );
    expect(
      target({ mark: 'm1', by: 'time', value: '2026-11-21 07:17:22.123456+00', inclusive: false, action: 'promote' }),
    ).toBe('mark m1 by time 2026-11-21 07:17:22.123456+00 (exclusive, then promote)');
    expect(target({ by: 'lsn', value: '0/3000028', inclusive: true, action: 'pause' })).toBe(
      'by lsn 0/3000028 (inclusive, then pause)',
    );
  });

  it('MUST fail a restore missing one acknowledged row (a lost write)', () => {
    const check = checkRecovery(restore({ actual: withKeys(range(1, 50).filter((k) => k !== 17)) }));
    expect(check).toMatchObject({
      passed: false,
      missingKeys: [17],
      missingKeysTotal: 1,
      extraKeys: [],
      extraKeysTotal: 0,
    });
    expect(check.tables.filter((t) => !t.match).map((t) => t.table)).toEqual(['public.pgdrill_writes']);
    expect(check.reason).toBe(
      'undershot: 1 acknowledged row of the snapshot is missing (key 17); ' +
        'table public.pgdrill_writes differs (expected 50 rows md5 w50-50, got 49 rows md5 w49-50)',
    );
  });

  it('MUST fail on the keys alone: a key missing or extra while every table digest matches', () => {
    // The digests are kept equal so that only the key comparison can fail these recoveries.
    const expected = snapshot(range(1, 50));
    const sameTables = (keys: number[]) => ({ ...expected, node: 'pg-restore', keys });
    const short = checkRecovery(restore({ actual: sameTables(range(1, 49)) }));
    expect(short.tables.every((t) => t.match)).toBe(true);
    expect(short).toMatchObject({ passed: false, missingKeys: [50], extraKeys: [] });
    expect(short.reason).toMatch(/^undershot: 1 acknowledged row of the snapshot is missing \(key 50\)/);
    const over = checkRecovery(restore({ actual: sameTables(range(1, 51)) }));
    expect(over.tables.every((t) => t.match)).toBe(true);
    expect(over).toMatchObject({ passed: false, missingKeys: [], extraKeys: [51] });
    expect(over.reason).toMatch(/^overshot: 1 transaction after the backup's consistent point is present \(key 51\)/);
  });

  it('MUST fail a PITR that overshot by exactly one transaction', () => {
    const check = checkRecovery(pitr({ actual: withKeys(range(1, 1524)) }));
    expect(check).toMatchObject({
      passed: false,
      extraKeys: [1524],
      extraKeysTotal: 1,
      missingKeys: [],
      missingKeysTotal: 0,
    });
    expect(check.reason).toMatch(
      /^overshot: 1 transaction after the target is present \(key 1524\); table public\.pgdrill_writes differs/,
    );
    expect(check.reason).not.toContain('undershot');
  });

  it('MUST fail a PITR that undershot by one, told apart from the overshoot', () => {
    const check = checkRecovery(pitr({ actual: withKeys(range(1, 1522)) }));
    expect(check).toMatchObject({
      passed: false,
      missingKeys: [1523],
      missingKeysTotal: 1,
      extraKeys: [],
      extraKeysTotal: 0,
    });
    expect(check.reason).toMatch(/^undershot: 1 acknowledged row of the snapshot is missing \(key 1523\);/);
    expect(check.reason).not.toContain('overshot');
  });

  it('MUST say both when the data diverged: keys lost and keys after the target', () => {
    const check = checkRecovery(
      pitr({ actual: withKeys([...range(1, 1523).filter((k) => k !== 17 && k !== 18), 1524, 1525]) }),
    );
    expect(check).toMatchObject({
      passed: false,
      missingKeys: [17, 18],
      missingKeysTotal: 2,
      extraKeys: [1524, 1525],
      extraKeysTotal: 2,
    });
    expect(check.reason).toMatch(
      /^diverged, overshot: 2 transactions after the target are present \(keys 1524, 1525\) and undershot: 2 acknowledged rows of the snapshot are missing \(keys 17, 18\);/,
    );
  });

  it('MUST fail a table with the same row count but a different digest', () => {
    const check = checkRecovery(
      pitr({ actual: withKeys(range(1, 1523), [accounts, { ...orders, digest: '0123456789abcdef0123456789abcdef' }]) }),
    );
    expect(check).toMatchObject({ passed: false, missingKeysTotal: 0, extraKeysTotal: 0 });
    expect(check.tables.find((t) => t.table === 'public.orders')).toEqual({
      table: 'public.orders',
      expected: { rows: 40, digest: orders.digest },
      actual: { rows: 40, digest: '0123456789abcdef0123456789abcdef' },
      match: false,
    });
    expect(check.reason).toBe(
      'table public.orders differs (expected 40 rows md5 fedcba98…, got 40 rows md5 01234567…)',
    );
  });

  it('MUST fail a missing table, and name a table that appeared', () => {
    const audit = { table: 'public.audit', rows: 3, digest: 'ddd' };
    const check = checkRecovery(pitr({ actual: withKeys(range(1, 1523), [audit, accounts]) }));
    expect(check.passed).toBe(false);
    expect(check.tables.map((t) => [t.table, t.match])).toEqual([
      ['public.accounts', true],
      ['public.audit', false],
      ['public.orders', false],
      ['public.pgdrill_writes', true],
    ]);
    expect(check.tables.find((t) => t.table === 'public.orders')).toMatchObject({
      expected: { rows: 40 },
      actual: null,
    });
    expect(check.tables.find((t) => t.table === 'public.audit')).toMatchObject({
      expected: null,
      actual: { rows: 3, digest: 'ddd' },
    });
    expect(check.reason).toBe(
      'table public.audit appeared (3 rows, not in the snapshot); table public.orders is missing',
    );
  });

  it('MUST fail a PITR that ended before its target, naming the error first and the segment the archive lacks', () => {
    const check = checkRecovery(
      pitr({
        error: 'recovery ended before configured recovery target was reached',
        actual: null,
        timeline: null,
        endedAs: null,
        archive: {
          location: '/archive',
          from: '000000010000000000000003',
          to: '000000010000000000000007',
          missing: ['000000010000000000000005'],
          missingTotal: 1,
        },
      }),
    );
    expect(check).toMatchObject({
      passed: false,
      missingKeys: [],
      missingKeysTotal: 0,
      extraKeys: [],
      extraKeysTotal: 0,
      endedAs: null,
    });
    expect(check.archive).toEqual({
      location: '/archive',
      from: '000000010000000000000003',
      to: '000000010000000000000007',
      missing: ['000000010000000000000005'],
      missingTotal: 1,
    });
    expect(check.tables.every((t) => !t.match && t.actual === null && t.expected !== null)).toBe(true);
    expect(check.tables).toHaveLength(3);
    expect(check.reason).toBe(
      'recovery ended before configured recovery target was reached; ' +
        'the archive at /archive lacks segment 000000010000000000000005 (needed 000000010000000000000003 to 000000010000000000000007); ' +
        'nothing could be read from the restored node pg-restore',
    );
  });

  it('MUST fail a recovery that reported an error even when the data read matches', () => {
    const check = checkRecovery(restore({ error: 'pg_restore exited with 1' }));
    expect(check.passed).toBe(false);
    expect(check.reason).toBe(
      'pg_restore exited with 1; the data it holds equals the snapshot of backup nightly (dump start)',
    );
  });

  it('MUST fail a restored node that could not be read, without an error', () => {
    const check = checkRecovery(restore({ actual: null }));
    expect(check).toMatchObject({ passed: false, reason: 'nothing could be read from the restored node pg-restore' });
  });

  it('a restore that overshot says "after the backup\'s consistent point"; long key lists are cut', () => {
    const check = checkRecovery(restore({ actual: withKeys(range(1, 200)) }));
    expect(check).toMatchObject({ extraKeysTotal: 150, missingKeysTotal: 0 });
    expect(check.extraKeys).toEqual(range(51, 150));
    expect(check.reason).toMatch(
      /^overshot: 150 transactions after the backup's consistent point are present \(keys 51, 52, 53, 54, 55 and 145 more\);/,
    );
  });

  it("names the archive's gaps after the data when there is no error", () => {
    const archive = {
      location: 'repo1',
      from: '000000010000000000000003',
      to: '000000010000000000000009',
      missing: ['000000010000000000000004', '000000010000000000000005'],
      missingTotal: 2,
    };
    expect(checkRecovery(pitr({ archive, actual: withKeys(range(1, 1522)) })).reason).toMatch(
      /^undershot: .*; the archive at repo1 lacks segments 000000010000000000000004, 000000010000000000000005 \(needed .*\)$/,
    );
    expect(checkRecovery(pitr({ archive })).reason).toBe(
      'equal to the snapshot of mark m1: 3 tables, 1523 workload rows, although the archive at repo1 lacks segments ' +
        '000000010000000000000004, 000000010000000000000005 (needed 000000010000000000000003 to 000000010000000000000009)',
    );
  });
});

describe('checkRecoveries', () => {
  const backup: BackupRecord = {
    name: 'base',
    method: 'pg_basebackup',
    stepIndex: 2,
    node: 'pg-1',
    startedAtMs: 5_000,
    completedAtMs: 9_500,
    location: '/backups/base',
    sizeBytes: 1_000,
    format: 'tar',
    startLsn: '0/2000028',
    endLsn: '0/2000100',
    timeline: 1,
    verification: { tool: 'pg_verifybackup', passed: true, output: 'backup successfully verified' },
    snapshot: snapshot(range(1, 10)),
    heldMs: 250,
  };
  const dump: BackupRecord = {
    name: 'nightly',
    method: 'pg_dump',
    stepIndex: 3,
    node: 'pg-1',
    startedAtMs: 10_000,
    completedAtMs: 11_000,
    location: '/backups/nightly.dump',
    sizeBytes: null,
    verification: { tool: 'pg_restore --list', passed: false, output: 'pg_restore: error: …' },
    snapshot: snapshot(range(1, 20)),
  };
  const mark: MarkRecord = {
    name: 'm1',
    stepIndex: 4,
    node: 'pg-1',
    atMs: 12_000,
    time: '2026-11-21 07:17:22.123456+00',
    xid: '1234',
    lsn: '0/3000028',
    timeline: 1,
    heldMs: 12,
    snapshot: snapshot(range(1, 1523)),
  };

  it('no restore or PITR: allMatch null, backups and marks still summarised', () => {
    const metric = checkRecoveries(makeEvidence({ backups: [backup, dump], marks: [mark] }));
    expect(metric.allMatch).toBeNull();
    expect(metric.recoveries).toEqual([]);
    expect(metric.backups).toEqual([
      {
        name: 'base',
        method: 'pg_basebackup',
        node: 'pg-1',
        stepIndex: 2,
        durationSeconds: 4.5,
        sizeBytes: 1_000,
        type: null,
        buildsOn: null,
        verification: { tool: 'pg_verifybackup', passed: true },
        startLsn: '0/2000028',
        endLsn: '0/2000100',
        timeline: 1,
        tables: backup.snapshot.tables,
        heldSeconds: 0.25,
      },
      {
        name: 'nightly',
        method: 'pg_dump',
        node: 'pg-1',
        stepIndex: 3,
        durationSeconds: 1,
        sizeBytes: null,
        type: null,
        buildsOn: null,
        verification: { tool: 'pg_restore --list', passed: false },
        startLsn: null,
        endLsn: null,
        timeline: null,
        tables: dump.snapshot.tables,
        heldSeconds: null,
      },
    ]);
    expect(metric.marks).toEqual([
      {
        name: 'm1',
        stepIndex: 4,
        node: 'pg-1',
        time: mark.time,
        xid: '1234',
        lsn: '0/3000028',
        timeline: 1,
        tables: mark.snapshot.tables,
        heldSeconds: 0.012,
      },
    ]);
  });

  it('every recovery equal: allMatch true', () => {
    const metric = checkRecoveries(makeEvidence({ backups: [backup], marks: [mark], recoveries: [restore(), pitr()] }));
    expect(metric.allMatch).toBe(true);
    expect(metric.recoveries.map((r) => r.passed)).toEqual([true, true]);
  });

  it('MUST NOT match all when one recovery overshot', () => {
    const metric = checkRecoveries(
      makeEvidence({ recoveries: [restore(), pitr({ actual: withKeys(range(1, 1524)) })] }),
    );
    expect(metric.allMatch).toBe(false);
    expect(metric.recoveries.map((r) => r.passed)).toEqual([true, false]);
  });
});
