/**
 * The parts of a resolved scenario (./scenario.ts assembles them): validated, defaults applied,
 * durations in milliseconds, paths absolute. Nothing downstream ever sees `undefined` where a
 * default exists. The user-facing format is ../../docs/scenario-format.md; the schema
 * that produces this shape is ./schema.ts. Fault steps are typed by their descriptors
 * (../faults/registry.ts); this file imports none of them, so that the topology, checks and
 * reports can read it without depending on the step kinds.
 */
import type { PgMajor } from './pg-major.ts';

/** Where a key stood in the YAML file, for errors raised after loading (e.g. an unknown node). */
/** A node's volumes that a scenario can size (disk-full): PostgreSQL's data, its WAL, the archive. */
export type VolumeName = 'data' | 'wal' | 'archive';

/** Where in the YAML document a key or value stands: keys and list indexes from the root. */
export type KeyPath = readonly (string | number)[];

export interface SourcePosition {
  file: string;
  line: number;
  column: number;
}

/** `{min, max}` bounds; a bare number in YAML is `{max: n}`. */
export interface Bound {
  min?: number;
  max?: number;
}

export type ReplicationMode = 'async' | 'sync' | 'quorum';

export interface PostgresTopology {
  /** the PostgreSQL major, which picks the node image. @default DEFAULT_PG_MAJOR */
  version: PgMajor;
  /** streaming replicas, each with its own physical slot. @default 1 */
  replicas: number;
  /** @default 'async' */
  replication: ReplicationMode;
  /** archive_mode=on into a WAL archive shared by the cluster. @default false */
  archive: boolean;
  /**
   * initdb with data checksums (true) or without (false); absent: what the major's initdb does
   * by default (see dataChecksumsOf)
   */
  dataChecksums?: boolean;
  /** extra postgresql.conf settings for every node, values as written */
  settings: Record<string, string>;
  /** passwords the scenario sets (absent: every role gets a random one per run) */
  passwords?: ClusterPasswords;
  /** the team's own login roles by name, created before the data (random password each) */
  roles: Record<string, TeamRole>;
  /** names a node streams with as a standby, by node name (absent: derived from the node name) */
  standbys?: Record<string, StandbyNames>;
  /** sshd on every node, the postgres OS user able to log in to each from each with one key. @default false */
  ssh: boolean;
  /**
   * the team's own postgresql.conf (per role) and pg_hba.conf, run as written with pgdrill's
   * block after them (src/model/team-postgres.ts lists it)
   */
  teamFiles?: { primary?: TeamFile; replica?: TeamFile; hba?: TeamFile };
}

/**
 * `topology.postgres.standbys.<node>`: the team's own slot and application_name for that node,
 * and the standby it cascades from (`upstream`), if it does not stream from the primary.
 */
export interface StandbyNames {
  slot?: string;
  applicationName?: string;
  upstream?: string;
}

/** `topology.postgres.roles.<name>`: a login role of the team's, as their system has it. */
export interface TeamRole {
  superuser: boolean;
  /** owns the workload's database (ALTER DATABASE … OWNER TO) */
  databaseOwner: boolean;
  /** roles granted to it */
  memberOf: string[];
}

/** `topology.postgres.passwords`: only the roles the scenario names; the others stay random. */
export interface ClusterPasswords {
  superuser?: string;
  replication?: string;
  app?: string;
}

export interface TopologySpec {
  postgres: PostgresTopology;
  /**
   * backend `primary`: [databases] names the primary's host, repointed by pgdrill's failover
   * procedures; under Patroni nobody edits it (a static pgbouncer.ini pinned to one host).
   * `haproxy`: it names HAProxy's leader port, which follows Patroni's leader by itself.
   */
  pgbouncer?: {
    poolMode: 'session' | 'transaction';
    backend: 'primary' | 'haproxy';
    /** the team's own pgbouncer.ini, run as written (pool mode and backend are then the file's) */
    config?: PgbouncerConfig;
  };
  patroni?: {
    etcd: number;
    /** the team's own etcd configuration file (src/model/team-etcd.ts lists what pgdrill replaces) */
    etcdConfig?: TeamFile;
    /** the cluster's name in etcd; undefined = pgdrill-<run id> */
    scope?: string;
    /** undefined = Patroni's /service/ */
    namespace?: string;
    /**
     * the team's own patroni.yml, run as written: its timings, DCS API, parameters and pg_hba
     * apply instead of the keys here (src/model/team-patroni.ts lists what pgdrill replaces)
     */
    config?: TeamFile;
    ttl: number;
    loopWait: number;
    retryTimeout?: number;
    maximumLagOnFailover?: number;
    synchronousMode?: boolean;
    synchronousModeStrict?: boolean;
    usePgRewind?: boolean;
  };
  haproxy: boolean;
  /** the team's own haproxy.cfg, run as written instead of pgdrill's (implies haproxy) */
  haproxyConfig?: HaproxyConfig;
  /**
   * names the team's files use for pgdrill's nodes (`master_host` → pg-1): /etc/hosts entries
   * of the containers that run them, so the files resolve them unchanged. @default {}
   */
  hosts: Record<string, string>;
}

/**
 * A team's own configuration file, run as written. What pgdrill replaces in it (an address or a
 * path that cannot be an alias) is declared, applied line by line (line numbers stay those of the
 * team's file) and listed in the report beside the file's SHA-256.
 */
export interface TeamFile {
  /** absolute */
  file: string;
  substitutions: Substitution[];
}

export interface Substitution {
  from: string;
  to: string;
}

export interface PgbouncerConfig extends TeamFile {
  /** the [databases] entry clients ask for; undefined: the file's first */
  database?: string;
}

export interface HaproxyConfig extends TeamFile {
  /** where clients connect; undefined: the port of the file's first `bind` */
  port?: number;
}

export interface WorkloadSpec {
  /** @default 4 */
  clients: number;
  /** total transactions per second across clients; undefined = as fast as possible */
  rate?: number;
  /** reads of the written rows beside the writes (checks/reads.ts) */
  reads?: ReadSpec;
}

export interface ReadSpec {
  /**
   * `replicas`: HAProxy's replica port where pgdrill runs HAProxy, else each live replica in
   * turn; `endpoint`: the clients' own endpoint (read-your-writes through it)
   */
  from: 'replicas' | 'endpoint';
  /** reads per second, all paths together */
  rate: number;
}

/** A node reference as written: a role (`primary`, `replica`, `replica-2`) or a node name (`pg-2`). */
export type TargetRef = string;

export interface StepBase {
  /** position of the step in `steps`, 0-based */
  index: number;
  /** where the step's first key stands in the file */
  at: SourcePosition;
  /** the step is expected to fail; its failure then does not fail the drill */
  expectFailure: boolean;
  /**
   * a fault a chaos schedule drew: when it cannot be applied (its target is gone, or holds no
   * role right now) the step is recorded as not applied and the drill goes on
   */
  bestEffort?: boolean;
}

export interface WaitStep extends StepBase {
  type: 'wait';
  wait: { kind: 'duration'; ms: number } | { kind: 'converged' } | { kind: 'until'; sql: string; target: TargetRef };
  /** @default 30_000 for converged/until; ignored for a plain duration */
  timeoutMs: number;
}

export interface Expectations {
  rpo?: { lostTransactions?: Bound; seconds?: Bound };
  /** from the periodic node samples: proof that a fault bit */
  observed?: {
    maxLagBytes?: Bound;
    maxLagSeconds?: Bound;
    archiveFailures?: Bound;
    maxWalBytes?: Bound;
    walReceiverDrops?: Bound;
  };
  /** from the workload's history */
  workload?: {
    acknowledged?: Bound;
    failed?: Bound;
    unknown?: Bound;
    maxStallSeconds?: Bound;
    /** milliseconds */
    latencyP99?: Bound;
    /** writes whose server lacked their client's last acknowledged write */
    readYourWritesViolations?: Bound;
  };
  /** from `workload.reads` */
  reads?: {
    stale?: Bound;
    maxStalenessSeconds?: Bound;
    nonMonotonic?: Bound;
    failed?: Bound;
  };
  rto?: { maxSeconds?: Bound };
  checksums?: 'match' | 'differ';
  convergence?: { withinMs: number };
  splitBrain?: 'none' | 'detected';
}

/**
 * `xfail`: the scenario is expected to find a problem (a runbook as written, a self-test), as
 * pytest's strict xfail: the drill passes when it fails in the declared way, and is a failure
 * when it holds. Every key given must match.
 */
export interface ExpectedFailure {
  /** why it fails: shown beside the verdict */
  reason: string;
  /** it fails this expectation, named as in results (`rpo.lostTransactions`) */
  expectation?: string;
  /** it fails at this step, numbered from 1 as reports number them */
  step?: number;
  /** the failure's message (the step's or the setup's error, or a failed expectation's reason) contains this */
  message?: string;
}

/** A claim of an architecture document that a drill tests (see docs/architectures.md). */
export interface Claim {
  seed: string;
  section?: string;
  claim: string;
  /** metric path in result.json's metrics to quote, e.g. rto.seconds */
  figure?: string;
  fix?: string;
  correctedBy?: string;
  /**
   * what the document names but does not show (a script's body, a procedure's commands), so the
   * drill had to run a stand-in of pgdrill's: the claim cannot be verified from the document,
   * whatever the stand-in did
   */
  unverifiable?: string;
}
