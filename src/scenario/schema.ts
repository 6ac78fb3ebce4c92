/**
 * The scenario file exactly as users write it (snake_case where the contract says so, durations
 * as text). Every object is strict: an unknown key is an error, never silently ignored.
 * The loader (./load.ts) turns a valid document into the resolved `Scenario` of ./model.ts.
 */
import { DEFAULT_PG_MAJOR, PG_MAJORS } from '../model/pg-major.ts';
import { z } from 'zod';
import { boundSchema, durationBetween, positiveDurationSchema, sizeBoundSchema } from '../model/schema-primitives.ts';
import { stepSchema } from './step-schema.ts';
import { chaosSchema } from './chaos-schema.ts';

const settingValue = z.union(
  [z.string().regex(/^[^\n\r\0]*$/, { error: 'a setting is one line' }), z.number(), z.boolean()],
  {
    error: 'expected a string, number or boolean',
  },
);

/**
 * A password the scenario sets. Never quoted back in an error message (the scenario's errors are
 * printed). Whitespace, `:`, `\` and `"` are refused: the node writes passwords unescaped into
 * ~postgres/.pgpass and PgBouncer's auth file, where those characters mean something.
 */
const passwordSchema = z
  .string({ error: (issue) => (issue.code === 'invalid_type' ? 'expected a password in quotes' : undefined) })
  .min(12)
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what it refuses
  .regex(/^[^\s:\\"\x00-\x1f\x7f]+$/, {
    error:
      'a password here cannot hold whitespace, control characters, `:`, `\\` or `"` (the .pgpass and PgBouncer files take it unescaped)',
  });

/**
 * How a node names itself as a standby, where a team's own configuration names it: its physical
 * slot (`primary_slot_name`) and `application_name` (what synchronous_standby_names matches).
 */
const standbyNamesSchema = z.strictObject({
  slot: z
    .string()
    .regex(/^[a-z0-9_]{1,63}$/, { error: 'a replication slot name is 1-63 lower-case letters, digits or `_`' })
    .optional()
    .describe('physical replication slot (primary_slot_name); default: the node name with `_` for `-`'),
  application_name: z
    .string()
    .regex(/^[A-Za-z][A-Za-z0-9_]{0,62}$/, {
      error: 'an application_name here is a letter then up to 62 letters, digits or `_`',
    })
    .optional()
    .describe('application_name in primary_conninfo (what synchronous_standby_names lists); default: the slot name'),
  upstream: z
    .string()
    .regex(/^pg-[1-9]$/, { error: 'a node name: pg-2, pg-3, …' })
    .optional()
    .describe(
      'cascading replication: the standby this one streams from (its base backup and primary_conninfo), instead of the primary',
    ),
});

/** Text pgdrill replaces in a team's file (an IP, a path it hard-codes), listed in the report. */
const substitutionsSchema = z
  .array(
    z.strictObject({
      from: z.string().min(1).describe('text in the file, e.g. 10.0.1.11 or /srv/pg'),
      to: z.string().describe('what it becomes, e.g. pg-1'),
    }),
  )
  .optional()
  .describe('replacements applied to each line before the component reads the file; each is listed in the report');

const postgresSchema = z.strictObject({
  version: z
    .union(
      PG_MAJORS.map((major) => z.literal(major)),
      {
        error: (issue) =>
          `pgdrill cannot drill PostgreSQL ${JSON.stringify(issue.input)}: write one of ${PG_MAJORS.join(', ')} (Debian packages no 16)`,
      },
    )
    .default(DEFAULT_PG_MAJOR)
    .describe(`PostgreSQL major; omitted: ${DEFAULT_PG_MAJOR}, the newest stable`),
  replicas: z.int().min(0).max(8).default(1).describe('streaming replicas, each with its own physical slot'),
  replication: z
    .enum(['async', 'sync', 'quorum'])
    .default('async')
    .describe('sync = FIRST 1 (...), quorum = ANY 1 (...)'),
  archive: z.boolean().default(false).describe('archive_mode=on into a WAL archive shared by the cluster'),
  dataChecksums: z
    .boolean()
    .optional()
    .describe(
      "initdb --data-checksums (true) or without (false); omitted: the major's initdb default, off on 15 and 17, on from 18. Without them pg_rewind needs wal_log_hints = on and PostgreSQL cannot tell a damaged page",
    ),
  config: z
    .union([
      z.string().min(1, { error: 'give a path relative to the scenario file' }),
      z.strictObject({
        primary: z.string().min(1).describe("the primary's postgresql.conf"),
        replica: z.string().min(1).describe("every replica's postgresql.conf"),
      }),
    ])
    .optional()
    .describe(
      "the team's own postgresql.conf, run as written (one file, or {primary, replica} where they differ); pgdrill appends only what the drill needs (listen address and port, logging to the report, the scenario's settings), listed in the report",
    ),
  hba: z
    .string()
    .min(1, { error: 'give a path relative to the scenario file' })
    .optional()
    .describe("the team's own pg_hba.conf, run as written; pgdrill's lines for the run's network follow the file's"),
  substitute: substitutionsSchema.describe(
    'replacements applied to each line of config and hba before PostgreSQL reads them; each is listed in the report',
  ),
  settings: z
    .record(
      z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)?$/, {
        error: 'not a postgresql.conf setting name',
      }),
      settingValue,
    )
    .default({})
    .describe('extra postgresql.conf settings for every node'),
  standbys: z
    .record(z.string().regex(/^pg-[1-9]$/, { error: 'a node name: pg-1, pg-2, …' }), standbyNamesSchema)
    .optional()
    .describe(
      "per node, the slot and application_name it streams with as a standby (as the team's configuration names them)",
    ),
  roles: z
    .record(
      z
        .string()
        .regex(/^[a-z_][a-z0-9_]{0,62}$/, { error: 'a role name: lower-case letters, digits and _' })
        .refine((name) => !['postgres', 'replicator', 'app'].includes(name) && !name.startsWith('pg_'), {
          error: "postgres, replicator and app are pgdrill's own roles, and pg_ names PostgreSQL's",
        }),
      z.strictObject({
        superuser: z.boolean().default(false).describe('SUPERUSER (default: not)'),
        database_owner: z
          .boolean()
          .default(false)
          .describe("owns the workload's database, as an application's role owns its database"),
        member_of: z
          .array(z.string().regex(/^[a-z_][a-z0-9_]*$/, { error: 'a role name' }))
          .default([])
          .describe('roles granted to it: app (the workload tables), pg_monitor, pg_signal_backend …'),
      }),
    )
    .default({})
    .describe(
      "the team's own login roles, created on the primary before the data: a runbook connects as them with psql -U NAME (each gets a random password per run, in the nodes' ~postgres/.pgpass and redacted from every report)",
    ),
  passwords: z
    .strictObject({
      superuser: passwordSchema.optional().describe('of the `postgres` superuser'),
      replication: passwordSchema.optional().describe('of the `replicator` role the replicas connect as'),
      app: passwordSchema.optional().describe('of the `app` role the workload connects as'),
    })
    .optional()
    .describe("the cluster's passwords; a role left out gets a random one per run. Redacted from every report and log"),
  ssh: z
    .boolean()
    .default(false)
    .describe(
      'passwordless SSH between the nodes as the postgres OS user (one key pair per run), as tools that drive other nodes need (repmgr standby switchover)',
    ),
});

const patroniSchema = z.strictObject({
  scope: z
    .string()
    .regex(/^[A-Za-z0-9][A-Za-z0-9_.-]*$/, 'letters, digits, _ . - (a name in etcd)')
    .optional()
    .describe(
      "the cluster's name in etcd, as patronictl commands name it (patronictl reinit SCOPE MEMBER); default pgdrill-<run id>",
    ),
  namespace: z
    .string()
    .regex(/^\/([A-Za-z0-9_.-]+\/)*$/, 'a path such as /service/')
    .optional()
    .describe("the etcd path Patroni's keys live under; default /service/"),
  config: z
    .string()
    .min(1, { error: 'give a path relative to the scenario file' })
    .optional()
    .describe(
      "the team's own patroni.yml, run as written: its timings, DCS section, parameters, pg_hba and tags apply; pgdrill replaces only each node's name and addresses, the DCS hosts, the data and binary paths and the passwords (listed in the report)",
    ),
  substitute: substitutionsSchema,
  etcd: z
    .union(
      [
        z.int().min(1).max(5),
        z.strictObject({
          members: z.int().min(1).max(5).default(3).describe('etcd members'),
          config: z
            .string()
            .min(1, { error: 'give a path relative to the scenario file' })
            .describe(
              "the team's own etcd configuration file (etcd --config-file), run as written: its heartbeat-interval, election-timeout, enable-v2, quotas and compaction apply; pgdrill replaces only each member's name, URLs, initial cluster and data directory (listed in the report)",
            ),
          substitute: substitutionsSchema,
        }),
      ],
      { error: 'expected a member count from 1 to 5, or {members, config}' },
    )
    .default(3)
    .describe("etcd members (a number), or {members, config} to run the team's own etcd configuration file"),
  ttl: z.int().min(20).default(30),
  loop_wait: z.int().min(1).default(10),
  retry_timeout: z.int().min(3).optional(),
  maximum_lag_on_failover: z.int().min(0).optional().describe('bytes'),
  synchronous_mode: z.boolean().optional(),
  synchronous_mode_strict: z.boolean().optional(),
  use_pg_rewind: z.boolean().optional(),
});

const topologySchema = z.strictObject({
  postgres: postgresSchema,
  pgbouncer: z
    .strictObject({
      pool_mode: z.enum(['session', 'transaction']).default('session'),
      backend: z
        .enum(['primary', 'haproxy'])
        .default('primary')
        .describe(
          "where [databases] sends clients: primary = the primary's host (pgdrill's failover procedures repoint it; under Patroni nobody does, as with a static pgbouncer.ini), haproxy = HAProxy's leader port (needs haproxy: true)",
        ),
      config: z
        .string()
        .min(1, { error: 'give a path relative to the scenario file' })
        .optional()
        .describe(
          "the team's own pgbouncer.ini, run as written (its pool_mode and [databases] then apply; pgdrill writes its auth_file)",
        ),
      database: z
        .string()
        .min(1)
        .optional()
        .describe("with config: the [databases] entry clients connect to; default the file's first"),
      substitute: substitutionsSchema,
    })
    .optional()
    .describe('the workload connects through PgBouncer'),
  patroni: patroniSchema.optional().describe('Patroni + etcd manage the cluster'),
  haproxy: z
    .union([
      z.boolean(),
      z.strictObject({
        config: z
          .string()
          .min(1, { error: 'give a path relative to the scenario file' })
          .describe("the team's own haproxy.cfg, run as written (relative to the scenario file)"),
        port: z
          .int()
          .min(1)
          .max(65535)
          .optional()
          .describe("the port clients connect to; default: the file's first `bind`"),
        substitute: substitutionsSchema,
      }),
    ])
    .default(false)
    .describe(
      "with patroni: routes to the leader via the REST API; true = pgdrill's haproxy.cfg, {config: FILE} = the team's",
    ),
  hosts: z
    .record(
      z.string().regex(/^[A-Za-z0-9_]([A-Za-z0-9_.-]*[A-Za-z0-9_])?$/, { error: 'a host name, e.g. master_host' }),
      z.string().min(1),
    )
    .optional()
    .describe(
      "names the team's files use for pgdrill's nodes, e.g. {master_host: pg-1}: each resolves to that node where the team's files run",
    ),
});

const observedExpectSchema = z
  .strictObject({
    maxLagBytes: sizeBoundSchema
      .optional()
      .describe('the largest replica lag sampled, in bytes of WAL (a number, or e.g. 16MB)'),
    maxLagSeconds: boundSchema.optional().describe('the largest replica replay delay sampled, in seconds'),
    archiveFailures: boundSchema
      .optional()
      .describe('archive_command failures during the run (pg_stat_archiver.failed_count), all nodes'),
    maxWalBytes: sizeBoundSchema
      .optional()
      .describe('the most WAL any node retained in pg_wal (a number of bytes, or e.g. 1GB)'),
    walReceiverDrops: boundSchema.optional().describe("times a replica's WAL receiver stopped streaming"),
  })
  .describe('from the periodic node samples (see `observe`)');

const workloadExpectSchema = z
  .strictObject({
    acknowledged: boundSchema.optional().describe('writes the clients got acknowledged'),
    failed: boundSchema.optional().describe('writes reported failed to the clients'),
    unknown: boundSchema.optional().describe('writes whose outcome the clients could not know'),
    maxStallSeconds: boundSchema.optional().describe('the longest time without an acknowledged write, in seconds'),
    latencyP99: boundSchema
      .optional()
      .describe(
        "the acknowledged writes' 99th-percentile commit latency (invocation to acknowledgement), in milliseconds",
      ),
    readYourWritesViolations: boundSchema
      .optional()
      .describe(
        "acknowledged writes whose server lacked their client's last acknowledged write (read-your-writes, asked in each write's statement)",
      ),
  })
  .describe("from the workload's history");

const readsExpectSchema = z
  .strictObject({
    stale: boundSchema.optional().describe('reads that missed a write acknowledged before they began'),
    maxStalenessSeconds: boundSchema
      .optional()
      .describe('the stalest read: how long before it the oldest write it missed had been acknowledged, in seconds'),
    nonMonotonic: boundSchema
      .optional()
      .describe('reads that saw less than an earlier read (the reads are one client)'),
    failed: boundSchema.optional().describe('reads that got an error'),
  })
  .describe('from `workload.reads`');

const expectSchema = z.strictObject({
  rpo: z.strictObject({ lostTransactions: boundSchema.optional(), seconds: boundSchema.optional() }).optional(),
  observed: observedExpectSchema.optional(),
  workload: workloadExpectSchema.optional(),
  reads: readsExpectSchema.optional(),
  rto: z.strictObject({ maxSeconds: boundSchema.optional() }).optional(),
  checksums: z.enum(['match', 'differ']).optional(),
  convergence: z.strictObject({ within: positiveDurationSchema }).optional(),
  splitBrain: z.enum(['none', 'detected']).optional(),
});

/** A claim of an architecture document that the drill puts to the test. */
const claimSchema = z.strictObject({
  seed: z.string().min(1).describe('the document, e.g. 000_8d5d31107f78cec6.txt'),
  section: z.string().min(1).optional().describe('where in it the claim is made'),
  claim: z.string().min(1).describe('the claim, in a sentence'),
  figure: z
    .string()
    .regex(/^[A-Za-z]+(\.[A-Za-z]+)*$/, { error: 'a metric path such as rto.seconds or observed.maxLagSeconds.value' })
    .optional()
    .describe("the measured figure to quote from result.json's metrics, e.g. rto.seconds"),
  fix: z.string().min(1).optional().describe('what a reader should change when the claim fails'),
  correctedBy: z
    .string()
    .regex(/^[a-z0-9-]+$/)
    .optional()
    .describe('the scenario that drills the corrected procedure'),
  unverifiable: z
    .string()
    .min(1)
    .optional()
    .describe(
      'what the document names but does not show (a script body, a procedure), so the drill runs a stand-in: the claim is reported as cannot be verified from the document',
    ),
});

/** The one schema of a scenario file; also the source of schema/scenario.schema.json. */
export const scenarioFileSchema = z.strictObject({
  name: z.string().regex(/^[a-z0-9-]+$/, { error: 'use lowercase letters, digits and "-" only' }),
  description: z.string().optional(),
  tags: z.array(z.string().min(1)).default([]),
  claims: z
    .array(claimSchema)
    .optional()
    .describe(
      'what an architecture document claims and this drill tests (docs/architectures.md is generated from them)',
    ),
  xfail: z
    .strictObject({
      reason: z.string().min(1).describe('why it fails: shown beside the verdict'),
      expectation: z
        .string()
        .min(1)
        .optional()
        .describe('it fails this expectation, named as in results, e.g. rpo.lostTransactions'),
      step: z.int().min(1).optional().describe('it fails at this step, numbered from 1 as reports number them'),
      message: z
        .string()
        .min(1)
        .optional()
        .describe(
          "the failure's message (a step's or the setup's error, or a failed expectation's reason) contains this",
        ),
    })
    .refine((x) => x.expectation !== undefined || x.step !== undefined || x.message !== undefined, {
      error: 'say how it is expected to fail: expectation, step or message (or several)',
    })
    .optional()
    .describe(
      "the drill is expected to find a problem (a runbook as written): it passes when it fails in this way, and is a failure when it holds (pytest's strict xfail)",
    ),
  topology: topologySchema,
  data: z.strictObject({ sql: z.string().min(1).optional().describe('seed SQL, relative to this file') }).optional(),
  workload: z
    .strictObject({
      clients: z.int().min(1).max(64).default(4),
      rate: z
        .number()
        .positive()
        .max(100_000, { error: "at most 100000 tx/s: a drill's clients are a handful of connections on one machine" })
        .optional()
        .describe('total tx/s; omit for as fast as possible'),
      reads: z
        .strictObject({
          from: z
            .enum(['replicas', 'endpoint'])
            .default('replicas')
            .describe(
              "replicas: HAProxy's replica port (5001) where pgdrill runs HAProxy, else each live replica in turn; endpoint: the clients' own endpoint",
            ),
          rate: z
            .number()
            .positive()
            .max(1_000)
            .default(10)
            .describe('reads per second, all paths together; default 10'),
        })
        .optional()
        .describe(
          'also read the written rows: stale reads (a write acknowledged before the read began, not seen) with their age, and reads that went back in time',
        ),
    })
    .optional()
    .describe('runs from the first step until the last step ends'),
  observe: z
    .strictObject({
      interval: durationBetween('50ms', '10s').optional().describe('how often every node is sampled; default 250ms'),
    })
    .optional()
    .describe('the periodic sampling of every node (lag, WAL, archiver) while the drill runs'),
  steps: z
    .array(stepSchema)
    .min(1, { error: 'a scenario needs at least one step' })
    .optional()
    .describe('in order; with chaos, they run before its schedule'),
  chaos: chaosSchema.optional(),
  expect: expectSchema.optional(),
});

export type RawScenario = z.output<typeof scenarioFileSchema>;
export type { RawStep } from './step-schema.ts';
