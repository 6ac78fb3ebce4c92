/**
 * Everything a run observed, gathered for the checkers. Checkers are pure functions of this;
 * they never touch Docker or PostgreSQL.
 */
import type { History } from './history.ts';
import type { TableDigest } from './table-digest.ts';

export type { TableDigest } from './table-digest.ts';
import type { BackupRecord, MarkRecord, RecoveryRecord } from './recovery-evidence.ts';

/** How many keys / incidents a metric lists before it only counts. */
export const LIST_LIMIT = 100;

/** A timeline entry, also written to result.json. `atMs` is ms since the run's start (monotonic). */
export interface TimelineEvent {
  atMs: number;
  kind: 'fault' | 'procedure' | 'observation' | 'check';
  node?: string;
  message: string;
}

/** A fault as it was applied. `atMs` is monotonic ms (same clock as history). */
export interface AppliedFault {
  kind: string;
  node?: string;
  atMs: number;
  /**
   * When the harness began applying it (a kill's request on its way to the engine, a stop's
   * shutdown): the cluster was healthy until then, and the workload's pace is judged up to it.
   */
  issuedAtMs?: number;
  stepIndex: number;
  /**
   * The fault cut the clients off writing: it hit the primary itself (kill, stop, restart,
   * pause, a full data or wal volume) or cut the clients from it. RTO is measured from the first
   * such fault; a lag or a replica's outage does not start the clock.
   */
  disruptsWrites: boolean;
}

/** A promotion: the moment `node` became writable on a new timeline. */
export interface Promotion {
  node: string;
  /** monotonic ms when promotion was requested / when the node first accepted a write */
  requestedAtMs: number;
  completedAtMs: number;
  /** monotonic ms when the failover procedure began (the operator "detected" the fault) */
  procedureStartedAtMs: number;
  timeline?: number;
}

export interface NodeChecksums {
  node: string;
  tables: TableDigest[];
}

/** A live node whose tables were not read for the checksums, and why (it lagged, or it diverged). */
export interface LeftOutNode {
  node: string;
  reason: string;
}

export interface ConvergenceObservation {
  /** monotonic ms when the wait began and when every replica had replayed the target LSN; null if never */
  startedAtMs: number;
  reachedAtMs: number | null;
  /** primary's LSN the replicas had to reach */
  targetLsn: string;
  primary: string;
  /** per live replica: its replay position, whether the primary saw it streaming, and the verdict */
  replicas: { node: string; replayLsn: string | null; streaming: boolean; caughtUp: boolean }[];
  timeoutMs: number;
}

/** What the surviving primary holds of the workload's keys. */
export interface FinalState {
  /** the surviving primary, or the node a recovery from the archive opened when no primary survived */
  primary: string;
  /** every workload key present on it */
  presentKeys: number[];
  /** no primary survived: the keys are those of the `pitr by: latest` of this step (0-based) */
  recoveredAtStep?: number;
}

/**
 * Acknowledged writes seen per node after the fact: which node acknowledged which key
 * (from the history) plus each node's role history. Used for split-brain.
 */
export interface RoleChange {
  node: string;
  role: 'primary' | 'replica' | 'down';
  atMs: number;
  timeline?: number;
}

/**
 * One sample of one node, taken every `sampleIntervalMs` while the drill runs. Fields the node
 * could not answer (down, paused, partitioned from the harness) are null; `reachable` says so.
 */
export interface NodeSample {
  /** monotonic ms (same clock as history) */
  atMs: number;
  node: string;
  reachable: boolean;
  /** pg_is_in_recovery(): 'replica' when true */
  role: 'primary' | 'replica' | null;
  timeline: number | null;
  /** primary: pg_current_wal_lsn(); replica: null */
  currentLsn: string | null;
  /** replica: pg_last_wal_receive_lsn() / pg_last_wal_replay_lsn() */
  receiveLsn: string | null;
  replayLsn: string | null;
  /** replica: bytes between what the current primary has written and what this node replayed */
  lagBytes: number | null;
  /** replica: seconds since the last replayed transaction's commit, 0 when nothing is pending */
  lagSeconds: number | null;
  /** replica: pg_stat_wal_receiver.status ('streaming', …), 'none' when no receiver runs */
  walReceiver: string | null;
  /** pg_stat_archiver */
  archivedCount: number | null;
  archiveFailedCount: number | null;
  /** bytes in pg_wal (WAL retained on this node) */
  walBytes: number | null;
  /** per volume (data | wal | archive): bytes used and size of its filesystem */
  disk: Record<string, { usedBytes: number; sizeBytes: number }> | null;
}

export interface Evidence {
  history: History;
  faults: AppliedFault[];
  promotions: Promotion[];
  roleChanges: RoleChange[];
  /** null when the drill never reached the checksum stage (e.g. no node alive) */
  checksums: NodeChecksums[] | null;
  /** live nodes kept out of the checksums: while any is, "every live node identical" is not measured */
  checksumsLeftOut: LeftOutNode[];
  convergence: ConvergenceObservation[];
  finalState: FinalState | null;
  timeline: TimelineEvent[];
  /** periodic samples of every node; empty when sampling was off */
  samples: NodeSample[];
  /** backups taken, marks set, restores and PITRs done, in step order */
  backups: BackupRecord[];
  marks: MarkRecord[];
  recoveries: RecoveryRecord[];
}
