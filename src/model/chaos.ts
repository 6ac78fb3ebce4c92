/**
 * A chaos scenario's nemesis, as data: what may happen (fault kinds, the targets each draws
 * from, how long faults last and the quiet between them), and a schedule drawn from it — a
 * serialisable list, fully materialised before the drill starts, replayed as it is.
 */

/** The fault kinds a schedule draws from: each either undoes itself on `heal` or needs no undoing. */
export const CHAOS_FAULTS = ['kill', 'pause', 'partition', 'restart'] as const;
export type ChaosFaultKind = (typeof CHAOS_FAULTS)[number];

/**
 * Targets a schedule draws, in Jepsen's vocabulary. `primary`, `replica` and `replica-N` stay
 * roles, resolved when the fault fires; the others are drawn from the topology's node names
 * when the schedule is: `one` (a PostgreSQL node), `minority` (fewer than half of them, at least
 * one), `minority-third` (a third of them, at least one), `majority` (more than half), `all`,
 * `dcs` (an etcd member), `proxy` (HAProxy or PgBouncer), and for partitions `majorities-ring`
 * (every PostgreSQL node and etcd member on a ring drawn in some order, each hearing its
 * neighbours: a majority, never the same one). A node name is itself.
 */
export const CHAOS_SELECTORS = [
  'primary',
  'replica',
  'one',
  'minority',
  'minority-third',
  'majority',
  'all',
  'dcs',
  'proxy',
  'majorities-ring',
] as const;

export interface MsRange {
  min: number;
  max: number;
}

export interface ChaosFault {
  fault: ChaosFaultKind;
  /** selectors or node names, as written */
  targets: string[];
  /** at most this many of this entry in one schedule (a kill is for good: `max: 1`) */
  max?: number;
  /** restart: pg_ctl's shutdown mode */
  mode?: 'fast' | 'immediate' | 'smart';
  /** partition: also cut the workload off the isolated side */
  clients?: boolean;
  /** partition: one-way, the drawn side stops hearing the rest */
  oneWay?: boolean;
}

export interface ChaosSpec {
  faults: ChaosFault[];
  /** faults per schedule */
  count: { min: number; max: number };
  /** how long a fault is in force before the schedule heals it */
  lastingMs: MsRange;
  /** quiet time before each fault */
  gapMs: MsRange;
}

/** The node names a schedule's random targets are drawn from. */
export interface ChaosNodes {
  postgres: string[];
  dcs: string[];
  proxies: string[];
}

/** One fault of a schedule: its menu entry, the target as written and the nodes it was drawn to. */
export interface ScheduledFault {
  /** index into ChaosSpec.faults */
  entry: number;
  fault: ChaosFaultKind;
  /** the selector or node name it came from */
  target: string;
  /** what it acts on: a role (`primary`, `replica-1`), resolved when it fires, or the node names drawn */
  nodes: string[];
  gapMs: number;
  lastingMs: number;
}

/** schedule.json: everything needed to run the same faults again. */
export interface Schedule {
  /** the scenario file it was drawn for */
  file: string;
  /** fast-check's seed (and path, for a run of an exploration) it was drawn with; absent for a shrunk or edited one */
  seed?: number;
  path?: string;
  faults: ScheduledFault[];
}
