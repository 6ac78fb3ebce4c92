/**
 * Backups, marks, restores and point-in-time recoveries in the words every report uses. Values
 * are plain text; the Markdown, HTML and terminal writers lay them out and escape for their medium.
 */
import type {
  ArchiveLoss,
  BackupSummary,
  MarkSummary,
  RecoveredTable,
  RecoveryCheck,
  RecoveryMetric,
} from '../checks/types.ts';
import { LIST_CAP, formatBytes, formatNumber, na, seconds } from './format-values.ts';

/** Whether there is anything to show: most drills take no backup, set no mark and restore nothing. */
export function hasRecovery(recovery: RecoveryMetric | undefined): recovery is RecoveryMetric {
  return !!recovery && (recovery.backups.length > 0 || recovery.marks.length > 0 || recovery.recoveries.length > 0);
}

/** Step numbers as the Steps table shows them (1-based). */
export const stepNumber = (stepIndex: number) => String(stepIndex + 1);

const size = (bytes: number | null) => (bytes === null ? na() : formatBytes(bytes));
const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

/** Up to LIST_CAP items, then `… N in all`. */
export function listInAll<T>(items: T[], total: number, show: (item: T) => string = String): string {
  const shown = items.slice(0, LIST_CAP).map(show).join(', ');
  return total > Math.min(items.length, LIST_CAP) ? `${shown}, … ${total} in all` : shown;
}

export const BACKUP_HEADER = [
  'Backup',
  'Method',
  'Step',
  'Node',
  'Duration',
  'Size',
  'Verified',
  'WAL',
  'Writers held off',
];
/** Columns of BACKUP_HEADER that hold numbers. */
export const BACKUP_NUMERIC = [2, 4, 5];

export function backupRow(b: BackupSummary): string[] {
  return [
    b.name,
    b.type && b.type !== 'full' ? `${b.method} ${b.type} on ${b.buildsOn ?? '?'}` : b.method,
    stepNumber(b.stepIndex),
    b.node,
    seconds(b.durationSeconds),
    size(b.sizeBytes),
    `${b.verification.passed ? '✅' : '❌'} ${b.verification.tool}`,
    walRange(b),
    b.heldSeconds === null ? '—' : `${formatNumber(b.heldSeconds)} s`,
  ];
}

/** `0/2000028–0/2000138 on timeline 1`, or `—` for a logical backup. */
function walRange(b: BackupSummary): string {
  const range = b.startLsn !== null || b.endLsn !== null ? `${b.startLsn ?? '?'}–${b.endLsn ?? '?'}` : '';
  const timeline = b.timeline === null ? '' : `timeline ${b.timeline}`;
  return [range, timeline].filter(Boolean).join(' on ') || '—';
}

export const MARK_HEADER = ['Mark', 'Step', 'Node', 'Time', 'xid', 'LSN', 'Timeline', 'Writers held off'];
export const MARK_NUMERIC = [1, 4, 6, 7];

export function markRow(m: MarkSummary): string[] {
  return [
    m.name,
    stepNumber(m.stepIndex),
    m.node,
    m.time,
    m.xid,
    m.lsn,
    String(m.timeline),
    `${formatNumber(m.heldSeconds)} s`,
  ];
}

/** The verdict of one restore: ✅ equal, ❌ DIFFERS, or ⚠️ not compared (no data could be read). */
export function recoveryVerdict(r: RecoveryCheck): { icon: string; word: string } {
  if (r.passed === null) return { icon: '⚠️', word: 'not compared' };
  // by latest has no snapshot to equal: the backup's data is a floor, the rest is what the archive held
  if (r.archiveLoss) return r.passed ? { icon: '✅', word: 'recovered' } : { icon: '❌', word: 'FAILED' };
  return r.passed ? { icon: '✅', word: 'equal' } : { icon: '❌', word: 'DIFFERS' };
}

/** `Step 7: pitr from base-1 → mark before-delete by xid (inclusive, then pause) — ✅ equal` */
export function recoveryTitle(r: RecoveryCheck): string {
  const v = recoveryVerdict(r);
  const what = r.kind === 'runbook' ? `runbook ${r.backup}` : `${r.kind} from ${r.backup}`;
  return `Step ${stepNumber(r.stepIndex)}: ${what} → ${r.target} — ${v.icon} ${v.word}`;
}

/** Label/value facts about one restore, in order. */
export function recoveryFacts(r: RecoveryCheck): [string, string][] {
  const facts: [string, string][] = [
    ['Restored into', r.node],
    ['Method', r.method],
    ['Expected data', r.expectedSource],
    ['Duration', seconds(r.durationSeconds)],
    ['Size', size(r.sizeBytes)],
    ['Timeline', r.timeline === null ? na('not read') : String(r.timeline)],
  ];
  if (r.kind === 'pitr' || r.endedAs !== null) facts.push(['Ended as', r.endedAs ?? na('recovery never finished')]);
  if (r.archiveLoss) facts.push(...archiveLossFacts(r.archiveLoss));
  return facts;
}

/** What an archive-only recovery lost with the server, beside the archive_timeout that bounds it. */
function archiveLossFacts(loss: ArchiveLoss): [string, string][] {
  const why = loss.reason;
  return [
    [
      'WAL switched first',
      loss.switchedWal ? 'yes (pg_switch_wal(): a correctness drill)' : 'no: the archive as it stood',
    ],
    ['Replay ended at', loss.recoveredToLsn ?? na('not in the restored server’s log')],
    [
      'Lost with the server',
      loss.lostCommits === null
        ? na(why)
        : `${loss.lostCommits} of ${loss.acknowledged} acknowledged commit(s)${loss.lostKeys.length ? ` (keys ${listInAll(loss.lostKeys, loss.lostCommits)})` : ''}`,
    ],
    ['Last recovered commit → fault', loss.seconds === null ? na(why) : `${formatNumber(loss.seconds)} s`],
    [
      'WAL not archived (at least)',
      loss.walBytes === null
        ? na(why)
        : `${formatBytes(loss.walBytes)} (the archive ends with the segment of ${loss.recoveredToLsn}; the server had written to ${loss.lsnAtFault} when sampled ${formatNumber(loss.sampledSecondsBeforeFault ?? 0)} s before the fault)`,
    ],
    ['archive_timeout', loss.archiveTimeout === null ? na('not read') : archiveTimeoutText(loss.archiveTimeout)],
  ];
}

/** '0' is PostgreSQL's "off": segments ship only when full. */
function archiveTimeoutText(value: string): string {
  return value === '0' ? '0 (off: a segment is archived only when it fills)' : value;
}

export const DIGEST_HEADER = ['Table', 'Expected rows', 'Expected digest', 'Restored rows', 'Restored digest', 'Match'];

/** What a digest cell says when that side has no such table. */
export const ABSENT = { expected: 'not in the snapshot', actual: 'not restored' } as const;

export const rowsText = (side: RecoveredTable['expected']) => (side === null ? '—' : String(side.rows));
export const matchText = (t: RecoveredTable) => (t.match ? '✅' : '❌');

/** Missing (undershoot) and extra (overshoot) keys, one line each when there are any. */
export function keyLines(r: RecoveryCheck): string[] {
  const lines: string[] = [];
  if (r.missingKeysTotal > 0)
    lines.push(
      `Missing keys (in the snapshot, not restored: undershoot): ${listInAll(r.missingKeys, r.missingKeysTotal)}`,
    );
  if (r.extraKeysTotal > 0)
    lines.push(
      `Extra keys (restored beyond the snapshot: overshoot, transactions after the target): ${listInAll(r.extraKeys, r.extraKeysTotal)}`,
    );
  return lines;
}

/** `Archive continuity (LOCATION): segments FROM…TO: complete`, or the missing segment names; null when not checked. */
export function archiveLine(r: RecoveryCheck): string | null {
  const a = r.archive;
  if (a === null) return null;
  const more = a.missingTotal > Math.min(a.missing.length, LIST_CAP) ? ', …' : '';
  const verdict =
    a.missingTotal === 0
      ? 'complete'
      : `missing: ${a.missing.slice(0, LIST_CAP).join(', ')}${more} (${a.missingTotal} in all)`;
  return `Archive continuity (${a.location}): segments ${a.from}…${a.to}: ${verdict}`;
}

/** One restore in brief for the terminal: `pitr step 7 → TARGET`, the verdict word, and the detail after it. */
export function recoveryHeadline(r: RecoveryCheck): { subject: string; word: string; detail: string } {
  const subject = `${r.kind} step ${stepNumber(r.stepIndex)} → ${r.target}`;
  const word = recoveryVerdict(r).word;
  if (r.passed !== true) return { subject, word, detail: `: ${r.reason}` };
  const rows = r.tables.reduce((sum, t) => sum + (t.actual?.rows ?? 0), 0);
  const loss = r.archiveLoss;
  const lost =
    loss && loss.lostCommits !== null
      ? `; ${loss.lostCommits} of ${loss.acknowledged} acknowledged commit(s) not in the archive, archive_timeout ${loss.archiveTimeout ?? 'not read'}`
      : '';
  return {
    subject,
    word,
    detail: ` (${plural(r.tables.length, 'table')}, ${plural(rows, 'row')}) in ${seconds(r.durationSeconds)}${lost}`,
  };
}

/** Rows for the Metrics table. */
export function recoveryMetricRows(recovery: RecoveryMetric | undefined): [string, string][] {
  const recoveries = recovery?.recoveries ?? [];
  const backups = recovery?.backups ?? [];
  const equal = recoveries.filter((r) => r.passed === true).length;
  const notCompared = recoveries.filter((r) => r.passed === null).length;
  return [
    [
      'restores equal to their snapshot',
      recoveries.length === 0
        ? na('no restore or PITR')
        : `${equal} of ${recoveries.length}${notCompared ? ` (${notCompared} not compared)` : ''}`,
    ],
    [
      'backups verified by their tool',
      backups.length === 0
        ? na('no backup')
        : `${backups.filter((b) => b.verification.passed).length} of ${backups.length}`,
    ],
  ];
}
