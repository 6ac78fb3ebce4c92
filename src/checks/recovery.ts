/** Recovery: every restore and PITR holds exactly the data it was meant to, no more, no less. */
import type { Evidence, TableDigest } from '../evidence/evidence.ts';
import type { BackupRecord, DataSnapshot, MarkRecord, RecoveryRecord } from '../evidence/recovery-evidence.ts';
import type {
  ArchiveLoss,
  BackupSummary,
  MarkSummary,
  RecoveredTable,
  RecoveryCheck,
  RecoveryMetric,
} from './types.ts';
import { checkArchiveLoss } from './archive-loss.ts';
import { sortedCapped } from './common.ts';

/** How many keys, tables or segments a reason names before it only counts the rest. */
const REASON_LIST = 5;

/**
 * Compares the restored node's data (`record.actual`) with what it must equal
 * (`record.expected.snapshot`): per table (rows and digest), and per workload key.
 *
 * The keys tell the two ways a recovery can be wrong apart. Keys of the snapshot the restore lacks
 * (`missingKeys`) mean it stopped short or lost acknowledged data: it undershot. Keys it has beyond
 * the snapshot (`extraKeys`) are transactions after the target: it overshot, e.g. an inclusive
 * target that should have been exclusive, or a mark whose xid was not the quiet boundary it
 * claims. Both at once means the data diverged. Table digests catch everything else (a changed
 * row, a table of its own).
 *
 * `passed` is true only when every table matches, no key differs and the procedure reported no
 * error. A recovery that ended with an error fails even when the data read matches: it did not
 * do what was asked. When the restored node could not be read (`actual` null), every expected
 * table is compared with nothing (all missing), while the keys are not compared at all (both lists
 * empty): the undershoot the keys would show is not measured, and the reason says nothing was read.
 */
export function checkRecovery(record: RecoveryRecord, archiveLoss: ArchiveLoss | null = null): RecoveryCheck {
  const expected = record.expected.snapshot;
  const actual = record.actual;
  // `by: latest` replays past the backup by design: its snapshot is a floor, rows beyond it are no overshoot.
  const floorOnly = record.kind === 'pitr' && record.target?.by === 'latest';
  const tables = compareTables(expected.tables, actual?.tables ?? [], floorOnly);
  const compared = actual === null ? { missing: [], extra: [] } : compareKeys(expected.keys, actual.keys);
  const { missing, extra } = floorOnly ? { missing: compared.missing, extra: [] } : compared;
  const keys = {
    missingKeys: sortedCapped(missing),
    missingKeysTotal: missing.length,
    extraKeys: sortedCapped(extra),
    extraKeysTotal: extra.length,
  };
  const passed =
    record.error === undefined &&
    actual !== null &&
    // to the archive's end: promoted there, not stopped early at a segment the archive lacks
    (!floorOnly || (record.endedAs === 'promoted' && (record.archive?.missingTotal ?? 0) === 0)) &&
    missing.length === 0 &&
    extra.length === 0 &&
    tables.every((t) => t.match);
  const archive = record.archive === undefined ? null : { ...record.archive, missing: [...record.archive.missing] };
  return {
    kind: record.kind,
    stepIndex: record.stepIndex,
    node: record.node,
    backup: record.backup,
    method: record.method,
    target: describeTarget(record),
    expectedSource: record.expected.source,
    passed,
    tables,
    ...keys,
    durationSeconds: (record.completedAtMs - record.startedAtMs) / 1000,
    sizeBytes: record.sizeBytes,
    timeline: record.timeline,
    endedAs: record.endedAs,
    archive,
    archiveLoss,
    reason: [
      passed ? passedReason(record, expected) : failedReason(record, tables, keys),
      ...(archiveLoss ? [describeArchiveLoss(archiveLoss)] : []),
    ].join('; '),
  };
}

/** "12 of 480 acknowledged commits were lost with the server (the last archived one 3.2 s before the fault; ≥ 51200 bytes of WAL); archive_timeout 0" */
export function describeArchiveLoss(loss: ArchiveLoss): string {
  if (loss.lostCommits === null) return `archive loss not measured: ${loss.reason ?? 'no reason recorded'}`;
  const window = loss.seconds === null ? [] : [`the last recovered commit ${loss.seconds} s before the fault`];
  const bytes = loss.walBytes === null ? [] : [`at least ${loss.walBytes} bytes of WAL never archived`];
  const detail = [...window, ...bytes].join('; ');
  return `${loss.lostCommits} of ${plural(loss.acknowledged, 'acknowledged commit', 'acknowledged commits')} ${loss.lostCommits === 1 ? 'was' : 'were'} not in the archive${detail ? ` (${detail})` : ''}; archive_timeout ${loss.archiveTimeout === '0' ? '0 (off)' : (loss.archiveTimeout ?? 'not read')}${loss.switchedWal ? ', after a forced WAL switch' : ''}`;
}

/** Backups, marks, and a verdict on every restore and PITR of the run. */
export function checkRecoveries(evidence: Evidence, originMs = 0): RecoveryMetric {
  const recoveries = evidence.recoveries.map((record) =>
    checkRecovery(record, checkArchiveLoss(record, evidence, originMs)),
  );
  return {
    backups: evidence.backups.map(summariseBackup),
    marks: evidence.marks.map(summariseMark),
    recoveries,
    allMatch: recoveries.length === 0 ? null : recoveries.every((r) => r.passed === true),
  };
}

/** A backup as the report lists it: the verifier's output stays in the evidence. */
function summariseBackup(backup: BackupRecord): BackupSummary {
  return {
    name: backup.name,
    method: backup.method,
    node: backup.node,
    stepIndex: backup.stepIndex,
    durationSeconds: (backup.completedAtMs - backup.startedAtMs) / 1000,
    sizeBytes: backup.sizeBytes,
    type: backup.backupType ?? null,
    buildsOn: backup.prior ?? null,
    verification: { tool: backup.verification.tool, passed: backup.verification.passed },
    startLsn: backup.startLsn ?? null,
    endLsn: backup.endLsn ?? null,
    timeline: backup.timeline ?? null,
    tables: backup.snapshot.tables,
    heldSeconds: backup.heldMs === undefined ? null : backup.heldMs / 1000,
  };
}

function summariseMark(mark: MarkRecord): MarkSummary {
  return {
    name: mark.name,
    stepIndex: mark.stepIndex,
    node: mark.node,
    time: mark.time,
    xid: mark.xid,
    lsn: mark.lsn,
    timeline: mark.timeline,
    tables: mark.snapshot.tables,
    heldSeconds: mark.heldMs / 1000,
  };
}

/**
 * One entry per table in either snapshot, by name; a table on one side only does not match.
 * `floorOnly`: the expected snapshot is a floor (a recovery to the archive's end): a table matches
 * when it was restored with at least the snapshot's rows, and a table created after the snapshot
 * is no difference. (A workload table only grows; a table the drill deletes from is no floor.)
 */
function compareTables(expected: TableDigest[], actual: TableDigest[], floorOnly = false): RecoveredTable[] {
  const want = new Map(expected.map((t) => [t.table, t]));
  const have = new Map(actual.map((t) => [t.table, t]));
  const names = [...new Set([...want.keys(), ...have.keys()])].sort();
  const side = (t: TableDigest | undefined) => (t === undefined ? null : { rows: t.rows, digest: t.digest });
  return names.map((table) => {
    const e = want.get(table);
    const a = have.get(table);
    // a floor: the table is there with at least the backup's rows (the archive only adds)
    const match = floorOnly
      ? a !== undefined && (e === undefined || a.rows >= e.rows)
      : e !== undefined && a !== undefined && e.rows === a.rows && e.digest === a.digest;
    return { table, expected: side(e), actual: side(a), match };
  });
}

/** Expected keys the restore lacks, and keys it has that were not expected (unsorted, unique). */
function compareKeys(expected: number[], actual: number[]): { missing: number[]; extra: number[] } {
  const want = new Set(expected);
  const have = new Set(actual);
  return { missing: [...want].filter((k) => !have.has(k)), extra: [...have].filter((k) => !want.has(k)) };
}

/** "mark m1 by xid 1234 (inclusive, then pause)", or the backup's consistent point for a plain restore. */
function describeTarget(record: RecoveryRecord): string {
  if (record.kind === 'restore') return "the backup's consistent point";
  if (record.kind === 'runbook') return `${record.expected.source}, as the runbook claims`;
  const target = record.target;
  if (target === undefined) return 'no target recorded';
  const mark = target.mark === undefined ? '' : `mark ${target.mark} `;
  if (target.by === 'immediate') return `${mark}by immediate (the backup's end, then ${target.action})`;
  if (target.by === 'latest')
    return `by latest (the archive's end${record.switchedWal === false ? ', as it stood' : ''}, then promote)`;
  return `${mark}by ${target.by} ${target.value} (${target.inclusive ? 'inclusive' : 'exclusive'}, then ${target.action})`;
}

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

/** "key 17" / "keys 17, 18, … and 3 more": the first few of a sorted list, then a count. */
function listed(values: (number | string)[], total: number, one: string, many: string): string {
  const shown = values.slice(0, REASON_LIST).join(', ');
  const more = total - Math.min(values.length, REASON_LIST);
  return `${total === 1 ? one : many} ${shown}${more > 0 ? ` and ${more} more` : ''}`;
}

function passedReason(record: RecoveryRecord, expected: DataSnapshot): string {
  if (record.kind === 'pitr' && record.target?.by === 'latest') {
    const rows = plural(record.actual?.keys.length ?? 0, 'workload row', 'workload rows');
    const end = record.archiveEnd?.redoDoneLsn;
    return `replayed the archive to its end${end ? ` (redo done at ${end})` : ''} and opened: ${rows}, every one of backup ${record.backup}'s`;
  }
  const what = `${plural(expected.tables.length, 'table', 'tables')}, ${plural(expected.keys.length, 'workload row', 'workload rows')}`;
  const gap = archiveGap(record);
  return `equal to the snapshot of ${record.expected.source}: ${what}${gap === null ? '' : `, although ${gap}`}`;
}

/**
 * The error first, with the archive's gap (its usual cause), then what the data shows:
 * overshoot, undershoot (both: diverged), then each table that differs.
 */
function failedReason(
  record: RecoveryRecord,
  tables: RecoveredTable[],
  {
    missingKeys: missing,
    missingKeysTotal: missingTotal,
    extraKeys: extra,
    extraKeysTotal: extraTotal,
  }: Pick<RecoveryCheck, 'missingKeys' | 'missingKeysTotal' | 'extraKeys' | 'extraKeysTotal'>,
): string {
  // With an error, the archive's gap explains it: error, gap, data. Without one: data, gap.
  const gap = archiveGap(record);
  const cause = record.error === undefined ? [] : [record.error, ...(gap === null ? [] : [gap])];
  const aside = record.error === undefined && gap !== null ? [gap] : [];
  if (record.actual === null) {
    return [...cause, `nothing could be read from the restored node ${record.node}`, ...aside].join('; ');
  }
  const findings: string[] = [];
  const after = record.kind === 'restore' ? "after the backup's consistent point" : 'after the target';
  const over =
    extraTotal === 0
      ? null
      : `overshot: ${plural(extraTotal, 'transaction', 'transactions')} ${after} ${extraTotal === 1 ? 'is' : 'are'} present (${listed(extra, extraTotal, 'key', 'keys')})`;
  const under =
    missingTotal === 0
      ? null
      : `undershot: ${plural(missingTotal, 'acknowledged row', 'acknowledged rows')} of the snapshot ${missingTotal === 1 ? 'is' : 'are'} missing (${listed(missing, missingTotal, 'key', 'keys')})`;
  if (over !== null && under !== null) findings.push(`diverged, ${over} and ${under}`);
  else if (over !== null) findings.push(over);
  else if (under !== null) findings.push(under);

  const differing = tables.filter((t) => !t.match);
  for (const table of differing.slice(0, REASON_LIST)) findings.push(describeTable(table));
  if (differing.length > REASON_LIST) findings.push(`${differing.length - REASON_LIST} more tables differ`);
  if (findings.length === 0) findings.push(`the data it holds equals the snapshot of ${record.expected.source}`);
  return [...cause, ...findings, ...aside].join('; ');
}

const short = (digest: string) => (digest.length > 8 ? `${digest.slice(0, 8)}…` : digest || '(empty)');

function describeTable(table: RecoveredTable): string {
  const { expected: e, actual: a } = table;
  if (a === null) return `table ${table.table} is missing`;
  if (e === null) return `table ${table.table} appeared (${plural(a.rows, 'row', 'rows')}, not in the snapshot)`;
  return `table ${table.table} differs (expected ${plural(e.rows, 'row', 'rows')} md5 ${short(e.digest)}, got ${plural(a.rows, 'row', 'rows')} md5 ${short(a.digest)})`;
}

/** "the archive at … lacks segment 0000…05 (needed 0000…03 to 0000…07)"; null when it had all (or was not checked). */
function archiveGap(record: RecoveryRecord): string | null {
  const archive = record.archive;
  if (archive === undefined || archive.missingTotal === 0) return null;
  const segments = listed(archive.missing, archive.missingTotal, 'segment', 'segments');
  return `the archive at ${archive.location} lacks ${segments} (needed ${archive.from} to ${archive.to})`;
}
