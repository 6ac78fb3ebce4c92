import type { ClientErrorClass } from './client-errors.ts';
import type { LeftOutNode, TableDigest } from '../evidence/evidence.ts';
import type { Verdict } from './verdict.ts';
/**
 * What a checker returns. Checkers are pure: (evidence) => CheckResult. A metric that could
 * not be measured is null, never 0, and `reason` says why.
 *
 * Instants (`faultAtMs`, `firstAckAtMs`, incidents' `atMs`/`promotedAtMs`) are on the
 * evidence's monotonic clock minus the `originMs` handed to the checker (the run's start
 * when the caller passes it, see computeMetrics), so reports can print them as run offsets.
 */

export interface RpoMetric {
  /**
   * acknowledged commits missing on the surviving primary; null when there is no surviving
   * primary to ask, or when no write was acknowledged at all (nothing could be lost: unmeasured, not 0)
   */
  lostTransactions: number | null;
  /**
   * seconds from the earliest lost acknowledgement to the fault instant (the first fault that cut
   * the clients off writing, else the first fault); 0 when nothing was lost; null when unmeasured
   */
  seconds: number | null;
  /**
   * whose data was compared: "pg-2 (the surviving primary)", or, when no primary survived,
   * "pitr-1 (recovered from the WAL archive at step 5)"; null when there was none to read
   * (absent in results written before pgdrill recorded it)
   */
  survivor?: string | null;
  /** lost keys, sorted ascending, at most 100 (see lostKeysTotal) */
  lostKeys: number[];
  /** how many keys were lost in all; 0 when unmeasured too (lostTransactions then says null) */
  lostKeysTotal: number;
  /** writes whose outcome was unknown and that did (not) survive: informative, never counted as lost; null when unmeasured (no final state, no operation) */
  unknownCommitted: number | null;
  unknownAbsent: number | null;
  /** writes reported failed to the client that are present anyway (a correctness anomaly); sorted, at most 100 */
  failedButPresent: number[];
  /** null when unmeasured */
  failedButPresentTotal: number | null;
  reason?: string;
}

/**
 * "The fault" is the first applied fault that cut the clients off writing
 * (`AppliedFault.disruptsWrites`); without one, every value is null and `reason` says so.
 */
export interface RtoMetric {
  /**
   * fault -> completion of the first acknowledged write *sent* at or after the fault, through the
   * client endpoint; null when unmeasured or never recovered
   */
  seconds: number | null;
  /** fault -> the failover procedure began */
  detectionSeconds: number | null;
  /**
   * fault -> the new primary accepted writes. Kept for compatibility: despite its name it is not
   * the promotion alone but detection + promotion; `faultToWritableSeconds` says the same under a
   * clear name, `phases` has the promotion on its own.
   */
  promotionSeconds: number | null;
  /** fault -> the new primary accepted writes (the same value as `promotionSeconds`) */
  faultToWritableSeconds: number | null;
  /**
   * what took the time, in order: detection (fault -> failover began), promotion (failover began
   * -> writable), client recovery (writable -> first acknowledged write); only the measured ones,
   * empty when `seconds` is null
   */
  phases: RtoPhase[];
  /** the phase that took longest; null when `phases` is empty */
  longestPhase: RtoPhase['name'] | null;
  /**
   * when the fault cut the clients off and no write sent after it was acknowledged: seconds from the
   * fault to the end of the last write attempt, so RTO was at least this long; null otherwise
   */
  downAtLeastSeconds: number | null;
  /** fault instant and first ack, in ms since run start, for the report */
  faultAtMs: number | null;
  firstAckAtMs: number | null;
  reason?: string;
}

export interface RtoPhase {
  name: 'detection' | 'promotion' | 'client recovery';
  seconds: number;
}

export interface ChecksumMetric {
  /**
   * false on any difference; true only when two or more nodes were compared and no live node was
   * left out; otherwise null (not measured), with `reason`
   */
  match: boolean | null;
  /** the nodes whose tables were compared, the reference first */
  nodes: string[];
  tables: number;
  /** one entry per (table, node) whose digest differs from the reference node's */
  differences: ChecksumDifference[];
  /**
   * live nodes not compared (a replica still behind, a former primary not rejoined), and why;
   * absent from results written before the field existed
   */
  leftOut?: LeftOutNode[];
  reason?: string;
}

export interface ChecksumDifference {
  table: string;
  node: string;
  /** the reference node's name (the first node read) */
  reference: string;
  /**
   * missing: the reference has the table, `node` has not; extra: the other way round; content:
   * rows or digest differ; unreadable: `node` could not read the table (damaged data), so it
   * cannot equal anything (`reference` is `node` itself when the reference is the unreadable one)
   */
  kind: 'missing' | 'extra' | 'content' | 'unreadable';
  /** unreadable: PostgreSQL's error reading the table on `node` (damaged data) */
  error?: string;
  /** `node`'s digest and row count; null when the table is missing there */
  digest: string | null;
  rows: number | null;
  /** the reference's digest and row count; null when the table is extra on `node` */
  referenceDigest: string | null;
  referenceRows: number | null;
}

export interface ConvergenceMetric {
  /** seconds from the start of the (last) convergence wait to every replica caught up; null when not measured or never reached */
  seconds: number | null;
  converged: boolean | null;
  replicas: number;
  laggingReplicas: string[];
  reason?: string;
}

export interface SplitBrainMetric {
  /** null when no write was acknowledged (or none names its node): nothing to judge, `reason` says so */
  detected: boolean | null;
  /** acknowledged writes by a node that was not (or no longer) the only primary; at most 100 */
  incidents: SplitBrainIncident[];
  incidentsTotal: number;
  reason?: string;
}

export interface SplitBrainIncident {
  /**
   * stale-primary: `node` acknowledged after `newPrimary` was promoted at `promotedAtMs`;
   * concurrent-primaries: with no promotion to tell them apart, `node` acknowledged while
   * `newPrimary` was also acknowledging (`promotedAtMs` is `newPrimary`'s first such ack)
   */
  kind: 'stale-primary' | 'concurrent-primaries';
  node: string;
  key: number;
  /** when `node` acknowledged `key` */
  atMs: number;
  newPrimary: string;
  promotedAtMs: number;
}

export interface WorkloadMetric {
  acknowledged: number;
  failed: number;
  unknown: number;
  /** acknowledged tx/s over the workload's run */
  throughput: number | null;
  /**
   * the longest time clients went without an acknowledged write, in seconds: between consecutive
   * acknowledgements, from the workload's start to the first and from the last to its end
   */
  maxStallSeconds: number | null;
  /** failed and unknown writes by what the client saw (refused, closed, canceled, …), largest first */
  errors: Partial<Record<ClientErrorClass, number>>;
  /** with `workload.rate`: the rate asked and the acknowledged rate reached while the cluster was healthy; absent without a rate */
  pace?: WorkloadPace;
  /**
   * commit latency of the acknowledged writes (invocation to acknowledgement); null when none was
   * acknowledged; absent from result.json files written before pgdrill measured it
   */
  latency?: CommitLatency | null;
  /** `latency.p99`, where an expectation reads it (`workload.latencyP99`, milliseconds) */
  latencyP99?: number | null;
  /** each write's read of its client's earlier ones (checks/read-your-writes.ts); absent in older results */
  readYourWrites?: ReadYourWritesMetric | null;
  /** `readYourWrites.violations` when any write was checked, where an expectation reads it */
  readYourWritesViolations?: number | null;
}

/**
 * Read-your-writes per writing client: every acknowledged write also read, through the same
 * endpoint and on the same server, the newest of its client's earlier keys.
 */
export interface ReadYourWritesMetric {
  /** acknowledged writes that came after an acknowledged write of their client and asked for it */
  checked: number;
  /** of those, writes whose server did not hold their client's last acknowledged write */
  violations: number;
  /** clients that met at least one */
  clients: number;
  /** the first violation (offsets from the run's start) */
  first: OwnWriteMissed | null;
  /** why nothing was checked */
  reason?: string;
}

export interface OwnWriteMissed {
  client: number;
  /** the client's last acknowledged write, which the later one's server did not hold */
  key: number;
  /** when and by whom it was acknowledged (null: not in the history, which cannot happen in pgdrill's own) */
  ackedAt: number | null;
  ackedOn: string | null;
  /** the client's acknowledged writes newer than the newest of its own keys the server held */
  missed: number;
  /** the later write: its invocation, its key, the server that acknowledged it, and the newest own key it held (0: none) */
  atMs: number;
  laterKey: number;
  on: string | null;
  sawOwn: number;
}

/** A read that missed an acknowledged write: the write it missed, and how long before the read that write was acknowledged. */
export interface StaleRead {
  /** when the read began (run offset in result.json) */
  atMs: number;
  via: string;
  node: string | null;
  client: number;
  key: number;
  ackedAt: number;
  ageSeconds: number;
}

/** `workload.reads`, checked (checks/reads.ts). */
export interface ReadsMetric {
  /** reads that answered */
  reads: number;
  failed: number;
  /** reads that missed a write acknowledged before they began */
  stale: number;
  /** the worst read's staleness, in seconds (0: no read was stale); null when no read answered */
  maxStalenessSeconds: number | null;
  p95StalenessSeconds: number | null;
  worst: StaleRead | null;
  /** reads that saw less of a writer than an earlier read (the reads are one client's) */
  nonMonotonic: number;
  firstNonMonotonic: {
    atMs: number;
    via: string;
    node: string | null;
    client: number;
    sawBefore: number;
    sawNow: number;
  } | null;
  byPath: Record<string, { reads: number; failed: number; stale: number; maxStalenessSeconds: number | null }>;
  /** every write classified against the reads and the final state (checks/write-fates.ts); null without a final state, absent in older results */
  fates?: WriteFates | null;
  reason?: string;
}

/** Jepsen set-full's classification of the acknowledged writes (checks/write-fates.ts). */
export interface WriteFates {
  acknowledged: number;
  /** held at the end, seen by every read that began after the acknowledgement */
  stable: number;
  /** held at the end, missed by a read that began after the acknowledgement */
  stale: number;
  /** the first stale keys (capped) */
  staleKeys: number[];
  /** the write that stayed unseen longest after its acknowledgement (offsets from the run's start) */
  longestStale: { key: number; client: number; ackedAt: number; seconds: number } | null;
  /** held at the end, but no read began after the acknowledgement */
  neverRead: number;
  /** missing from the final state (RPO counts them) */
  lost: number;
  /** of the lost, those a read had seen first */
  lostAfterRead: number;
  lostAfterReadKeys: number[];
  /** outcome unknown, held at the end (the commit happened) */
  recovered: number;
  /** outcome unknown, not held (it did not, or was lost) */
  unknownAbsent: number;
}

/** Nearest-rank percentiles of the acknowledged writes' commit latency, in milliseconds. */
export interface CommitLatency {
  count: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
}

/**
 * Whether a paced workload kept its pace: acknowledged writes per second from the workload's
 * start to the first fault (or its end), against `workload.rate`. `reached` is null (with why)
 * when that window is shorter than a second.
 */
export interface WorkloadPace {
  asked: number;
  reached: number | null;
  windowSeconds: number;
  /** reached >= 95% of asked; null when not measured */
  kept: boolean | null;
  reason?: string;
}

/** Where and when a sampled quantity peaked. `atMs` is a run offset (see the file comment). */
export interface ObservedPeak {
  value: number;
  node: string;
  atMs: number;
}

/** A node whose samples said `reachable: false`, from the first such sample to the last in a row (run offsets). */
export interface UnreachableSpan {
  node: string;
  fromMs: number;
  toMs: number;
}

/** The metrics of ObservedMetric that can be unmeasured (null). */
export type ObservedName = 'maxLagBytes' | 'maxLagSeconds' | 'archiveFailures' | 'maxWalBytes' | 'walReceiverDrops';

/** What the periodic node samples saw (Evidence.samples). Every value is null, never 0, when not measured. */
export interface ObservedMetric {
  /** how many samples were taken, all nodes together */
  samples: number;
  /** the largest replica lag, in bytes of WAL and in seconds of replay delay */
  maxLagBytes: ObservedPeak | null;
  maxLagSeconds: ObservedPeak | null;
  /** archive_command failures during the run: per node max - min of pg_stat_archiver.failed_count, summed */
  archiveFailures: number | null;
  /** the most WAL any node retained in pg_wal, in bytes */
  maxWalBytes: ObservedPeak | null;
  /** times a replica's WAL receiver went from 'streaming' to anything else (unreachable included), summed */
  walReceiverDrops: number | null;
  unreachable: UnreachableSpan[];
  /** why nothing was measured: no sample at all */
  reason?: string;
  /** why a metric is null although samples were taken */
  reasons?: Partial<Record<ObservedName, string>>;
}

/** One table compared between what a restore must hold and what it holds. */
export interface RecoveredTable {
  table: string;
  /** null: the table is not in the expected snapshot (it appeared) / not on the restored node (it is missing) */
  expected: { rows: number; digest: string } | null;
  actual: { rows: number; digest: string } | null;
  match: boolean;
}

/**
 * What an archive-only recovery (`pitr by: latest`) got back, and what died with the server
 * (src/checks/archive-loss.ts). Null values were not measured; `reason` says why.
 */
export interface ArchiveLoss {
  /** the live primary's WAL was switched and archived first (a correctness drill); false: the archive as it stood */
  switchedWal: boolean;
  /** acknowledged writes completed before the recovery began */
  acknowledged: number;
  /** of those, how many the recovered data lacks; null when it could not be read or none was acknowledged */
  lostCommits: number | null;
  /** lost keys, ascending, at most 100 */
  lostKeys: number[];
  /** run offset (ms) when the last acknowledged write the recovery holds completed */
  lastRecoveredCommitAtMs: number | null;
  /** run offset (ms) of the fault the server was lost to (the first that cut clients off writing, else the first) */
  faultAtMs: number | null;
  /** from the last recovered acknowledged commit to the fault: the commits the archive never received, in seconds */
  seconds: number | null;
  /**
   * bytes of WAL the archive never received: from the end of the segment replay ended in to the
   * lost server's position at its last sample before the fault; a lower bound (the server wrote on
   * until the fault). Assumes 16 MB segments, PostgreSQL's default.
   */
  walBytes: number | null;
  /** the lost server's WAL position at that sample, and how long before the fault it was taken */
  lsnAtFault: string | null;
  sampledSecondsBeforeFault: number | null;
  /** where replay of the archive ended ("redo done at", the restored server's log) */
  recoveredToLsn: string | null;
  /** the restored server's archive_timeout as SHOW prints it ('0' = off) */
  archiveTimeout: string | null;
  reason?: string;
}

/** The verdict on one restore or PITR (src/checks/recovery.ts). */
export interface RecoveryCheck {
  kind: 'restore' | 'pitr' | 'runbook';
  stepIndex: number;
  node: string;
  backup: string;
  method: string;
  /**
   * pitr: "mark before-delete by xid 1234 (inclusive, then pause)", "by immediate (the backup's
   * end, then promote)"; restore: "the backup's consistent point"
   */
  target: string;
  /** where the expected data comes from, e.g. "mark before-delete" or "backup nightly (dump start)" */
  expectedSource: string;
  /**
   * true when the restored data equals the expected snapshot exactly and the procedure reported no
   * error; false otherwise, also when no data could be read (a restore that cannot be read failed).
   * checkRecovery never returns null; the type keeps it for a verdict that was not reached.
   */
  passed: boolean | null;
  tables: RecoveredTable[];
  /**
   * workload keys the expected snapshot has and the restore lacks (undershoot); at most 100,
   * ascending. Keys are compared only when the restored node was read: both lists are empty then.
   */
  missingKeys: number[];
  missingKeysTotal: number;
  /** workload keys the restore has beyond the expected snapshot: transactions after the target (overshoot); at most 100, ascending */
  extraKeys: number[];
  extraKeysTotal: number;
  durationSeconds: number;
  sizeBytes: number | null;
  timeline: number | null;
  endedAs: 'paused' | 'promoted' | 'shutdown' | 'running' | null;
  archive: { location: string; from: string; to: string; missing: string[]; missingTotal: number } | null;
  /** pitr by latest: what the archive gave back and what was lost with the server; null otherwise (absent in older results) */
  archiveLoss?: ArchiveLoss | null;
  /** one sentence: why it passed or failed */
  reason: string;
}

/** A backup as the report lists it. */
export interface BackupSummary {
  name: string;
  method: string;
  node: string;
  stepIndex: number;
  durationSeconds: number;
  sizeBytes: number | null;
  /** full, incr or diff; null for pg_dump */
  type: string | null;
  /** the backup an incr or diff one builds on (pg_basebackup: its name; pgBackRest: the set label) */
  buildsOn: string | null;
  verification: { tool: string; passed: boolean };
  startLsn: string | null;
  endLsn: string | null;
  timeline: number | null;
  /** rows and digest per table at the backup's consistent point */
  tables: TableDigest[];
  /** how long writers were held off for a consistent snapshot, seconds; null when they were not */
  heldSeconds: number | null;
}

export interface MarkSummary {
  name: string;
  stepIndex: number;
  node: string;
  time: string;
  xid: string;
  lsn: string;
  timeline: number;
  tables: TableDigest[];
  heldSeconds: number;
}

export interface RecoveryMetric {
  backups: BackupSummary[];
  marks: MarkSummary[];
  recoveries: RecoveryCheck[];
  /** every restore and PITR equal to its snapshot; null when there was none (nothing measured) */
  allMatch: boolean | null;
}

export interface Metrics {
  rpo: RpoMetric;
  recovery: RecoveryMetric;
  rto: RtoMetric;
  workload: WorkloadMetric | null;
  /** with `workload.reads`; absent or null without (and in result.json files older than reads) */
  reads?: ReadsMetric | null;
  observed: ObservedMetric;
  checksums: ChecksumMetric;
  convergence: ConvergenceMetric;
  splitBrain: SplitBrainMetric;
}

interface ExpectationFields {
  /** dotted name as in the scenario, e.g. "rpo.lostTransactions" */
  name: string;
  /** human-readable bound, e.g. "<= 0", ">= 1", "match" */
  expected: string;
  /** the measured value; always null when not measured (never a made-up number) */
  actual: number | string | boolean | null;
  /** true only when the expectation held: an expectation not measured is not passed (see `verdict`) */
  passed: boolean;
  /** why it failed, or for not-measured "not measured: " + `why` (as before `verdict` existed) */
  reason?: string;
}

/** One stated expectation, judged. `verdict` tells a failure from an expectation that could not be measured. */
export type ExpectationResult = ExpectationFields &
  ({ verdict: Exclude<Verdict, 'not-measured'> } | { verdict: 'not-measured'; actual: null; why: string });
