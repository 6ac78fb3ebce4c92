/**
 * Evidence of backups, marks, restores and point-in-time recoveries: what each procedure did and
 * the data snapshots to compare. The recovery checker (src/checks/recovery.ts) judges these.
 */
import type { TableDigest } from './table-digest.ts';

/** The data of one node at one consistent instant: a digest per user table plus the workload keys. */
export interface DataSnapshot {
  node: string;
  /** monotonic ms when it was taken */
  atMs: number;
  tables: TableDigest[];
  /** the workload table's keys, ascending; empty when the workload table does not exist */
  keys: number[];
}

/**
 * A named point to recover to. Taken in one transaction that holds EXCLUSIVE locks on every user
 * table (writers wait, readers do not), so nothing commits to them between the snapshot and the
 * restore point, and the recorded time, LSN and xid all sit at that same quiet boundary.
 */
export interface MarkRecord {
  name: string;
  stepIndex: number;
  node: string;
  atMs: number;
  /** clock_timestamp() inside the locked transaction, UTC with microseconds (recovery_target_time) */
  time: string;
  /** the mark transaction's own xid (recovery_target_xid) */
  xid: string;
  /** where pg_create_restore_point(name) ended (recovery_target_lsn) */
  lsn: string;
  timeline: number;
  /** how long writers waited for the mark, ms */
  heldMs: number;
  snapshot: DataSnapshot;
}

export type BackupMethod = 'pg_dump' | 'pg_basebackup' | 'pgbackrest';

export interface BackupRecord {
  name: string;
  method: BackupMethod;
  stepIndex: number;
  node: string;
  startedAtMs: number;
  completedAtMs: number;
  /** path inside the backup volume (pg_dump, pg_basebackup) or the pgBackRest set label */
  location: string;
  sizeBytes: number | null;
  format?: string;
  compressed?: boolean;
  /** full | incr | diff, and what it builds on (pgBackRest: the set label; pg_basebackup: the backup's name) */
  backupType?: string;
  prior?: string;
  /** physical backups: the WAL the backup needs, on which timeline */
  startLsn?: string;
  endLsn?: string;
  timeline?: number;
  /** how the backup was verified, and what the verifier said (tail) */
  verification: { tool: string; passed: boolean; output: string };
  /**
   * the data at the backup's consistent point: for pg_dump the dump's own snapshot (exported and
   * shared), for physical backups the data while writers were held off for the backup
   */
  snapshot: DataSnapshot;
  /** how long writers were held off (physical backups), ms */
  heldMs?: number;
}

/** Segments the recovery needed from the WAL archive, and which of them are not there. */
export interface ArchiveContinuity {
  /** where the segments were looked for */
  location: string;
  /** first and last segment the recovery needs */
  from: string;
  to: string;
  /** segment file names missing in between (at most 100) */
  missing: string[];
  missingTotal: number;
}

/** The end of an archive-only recovery (`by: latest`): what the archive held, by the restored server's own account. */
export interface ArchiveEnd {
  /** "redo done at …": the last WAL record replayed; null when the log did not say */
  redoDoneLsn: string | null;
  /** "last completed transaction was at log time …"; null when the log did not say */
  lastCommitTime: string | null;
  /** the restored server's archive_timeout (its configuration came with the backup), as SHOW prints it */
  archiveTimeout: string | null;
}

export interface RecoveryRecord {
  /** runbook: a team's own script that claims to recover its node to a mark */
  kind: 'restore' | 'pitr' | 'runbook';
  stepIndex: number;
  /** the node the backup was restored into (a fresh one, or the runbook's target) */
  node: string;
  /** the backup's name; for a runbook, the script's file name */
  backup: string;
  method: BackupMethod | 'script';
  /** pitr only */
  target?: {
    mark?: string;
    by: 'time' | 'xid' | 'lsn' | 'name' | 'immediate' | 'latest';
    /** the recovery_target_* value given to PostgreSQL ('immediate', 'latest': none) */
    value: string;
    inclusive: boolean;
    action: 'promote' | 'pause' | 'shutdown';
  };
  /** what the data must equal: the backup's snapshot or the mark's */
  expected: { source: string; snapshot: DataSnapshot };
  /** what the restored node holds; null when it never got there */
  actual: DataSnapshot | null;
  startedAtMs: number;
  completedAtMs: number;
  /** bytes of the restored data directory */
  sizeBytes: number | null;
  /** the restored node's timeline when it was read (a promoted PITR starts a new one) */
  timeline: number | null;
  /** pitr: whether recovery ended paused or promoted; null when it never finished */
  endedAs: 'paused' | 'promoted' | 'shutdown' | 'running' | null;
  archive?: ArchiveContinuity;
  /** pitr: the live primary's WAL was switched and that segment archived first (false: not asked, no live primary, or not archived in time) */
  switchedWal?: boolean;
  /** pitr by latest: where replay of the archive ended, as the restored server logged it */
  archiveEnd?: ArchiveEnd;
  /** why the restore did not complete (the server refused to start, recovery ended before the target, …) */
  error?: string;
}
