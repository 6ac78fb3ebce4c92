/**
 * What a checker returns. Checkers are pure: (evidence) => CheckResult. A metric that could
 * not be measured is null, never 0, and `reason` says why.
 */

export interface RpoMetric {
  /** acknowledged commits missing on the surviving primary; null when there is no surviving primary to ask */
  lostTransactions: number | null;
  /** seconds from the earliest lost acknowledgement to the fault; 0 when nothing was lost; null when unmeasured */
  seconds: number | null;
  /** lost keys, capped (see lostKeysTotal) */
  lostKeys: number[];
  lostKeysTotal: number;
  /** writes whose outcome was unknown and that did (not) survive: informative, never counted as lost */
  unknownCommitted: number;
  unknownAbsent: number;
  /** writes reported failed to the client that are present anyway (a correctness anomaly) */
  failedButPresent: number[];
  reason?: string;
}

export interface RtoMetric {
  /** fault -> first acknowledged write through the client endpoint; null when unmeasured or never recovered */
  seconds: number | null;
  /** fault -> the failover procedure began */
  detectionSeconds: number | null;
  /** fault -> the new primary accepted writes */
  promotionSeconds: number | null;
  /** fault instant and first ack, in ms since run start, for the report */
  faultAtMs: number | null;
  firstAckAtMs: number | null;
  reason?: string;
}

export interface ChecksumMetric {
  /** null when fewer than one node could be read */
  match: boolean | null;
  nodes: string[];
  tables: number;
  /** one entry per (table, node) whose digest differs from the reference node's */
  differences: { table: string; node: string; reference: string; digest: string | null; rows: number | null; referenceRows: number }[];
  reason?: string;
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
  detected: boolean;
  /** acknowledged writes by a node that was no longer the primary */
  incidents: { node: string; key: number; atMs: number; newPrimary: string; promotedAtMs: number }[];
}

export interface WorkloadMetric {
  acknowledged: number;
  failed: number;
  unknown: number;
  /** acknowledged tx/s over the workload's run */
  throughput: number | null;
}

export interface Metrics {
  rpo: RpoMetric;
  rto: RtoMetric;
  workload: WorkloadMetric | null;
  checksums: ChecksumMetric;
  convergence: ConvergenceMetric;
  splitBrain: SplitBrainMetric;
}

export interface ExpectationResult {
  /** dotted name as in the scenario, e.g. "rpo.lostTransactions" */
  name: string;
  /** human-readable bound, e.g. "<= 0", ">= 1", "match" */
  expected: string;
  actual: number | string | boolean | null;
  passed: boolean;
  reason?: string;
}
