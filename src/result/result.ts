/**
 * result.json: the public, serialisable record of one scenario's run. Reporters read only this
 * (plus the evidence files next to it); they never import the runner.
 */
import type { ExpectationResult, Metrics } from '../checks/types.ts';
import type { Verdict } from '../checks/verdict.ts';
import type { NodeChecksums, TimelineEvent } from '../evidence/evidence.ts';
import type { Claim } from '../model/model.ts';
import type { Provenance } from '../model/provenance.ts';

/** passed: every expectation held and every step went to plan; failed: anything else, an unmeasured expectation included (see `verdict`). */
export type ScenarioStatus = 'passed' | 'failed' | 'error';

export interface StepResult {
  index: number;
  /** e.g. "fault kill primary", "procedure failover", "wait converged" */
  title: string;
  startedAtMs: number;
  durationMs: number;
  status: 'ok' | 'failed' | 'expected-failure' | 'unexpected-success' | 'not-applied' | 'skipped';
  node?: string;
  error?: string;
}

export interface ScenarioResult {
  scenario: string;
  /** the scenario file: relative to its repository's root (else the working directory) in runs that record `provenance`; absolute in older ones */
  file: string;
  description?: string;
  tags: string[];
  /** the architecture claims the drill tests, when it declares any */
  claims?: Claim[];
  status: ScenarioStatus;
  /**
   * the three-valued verdict: held, failed (an expectation or a step failed) or not-measured (no
   * failure, but an expectation could not be measured; status then says "failed"); failed >
   * not-measured > held. null for status "error". Absent in result.json files older than it.
   */
  verdict?: Verdict | null;
  /** for status "error": what broke and what to do */
  error?: { code: string; message: string; hint?: string };
  startedAt: string;
  durationMs: number;
  runId: string;
  /** what ran the drill: enough to reproduce it (image by tag and by ID, PostgreSQL's own version) */
  harness: { version: string; node: string; image: string | null; imageId?: string | null; postgres?: string | null };
  /** null when the drill never reached the checks (status "error") */
  metrics: Metrics | null;
  expectations: ExpectationResult[];
  steps: StepResult[];
  timeline: TimelineEvent[];
  /** files written next to result.json (relative), e.g. logs */
  artifacts: string[];
  /** who or what ran the drill and the versions of every component in the node image */
  environment?: RunEnvironment;
  /** what the clients saw over time, for the report's timeline; null without a workload */
  clients?: ClientSeries | null;
  /** every table's digest on every node compared at the end (side by side in the report); null when not read */
  checksums?: NodeChecksums[] | null;
  /**
   * the scenario declares it is expected to fail (`xfail`): how the run measured up. `status` is
   * then judged against the declaration (failed as declared: passed); `verdict` stays the drill's own
   */
  expectedFailure?: ExpectedFailureResult;
  /** the scenario's and every input file's SHA-256 and the commit they came from; absent in older results */
  provenance?: Provenance;
}

export interface ExpectedFailureResult {
  /** the scenario's `xfail.reason` */
  reason: string;
  /** what it declared, e.g. `rpo.lostTransactions at step 4` */
  declared: string;
  outcome: 'failed-as-expected' | 'held-unexpectedly' | 'failed-otherwise';
  detail: string;
}

export interface RunEnvironment {
  /** the CI job's URL when known, else user@host */
  ranBy: string;
  ciJobUrl: string | null;
  /** component → version string as the tool reports it (postgres, pgbouncer, patroni, etcd, haproxy, pgbackrest); null when unknown */
  components: Record<string, string | null>;
  /**
   * whether the cluster ran with data checksums, as its primary said at start (SHOW data_checksums);
   * null when it could not be read; absent in older results
   */
  dataChecksums?: boolean | null;
  /** the Docker engine the drill ran on (DOCKER_HOST, or the local socket) and the address its nodes were reached at; absent in older results */
  engine?: { host: string; nodesAt: string };
}

/** Client outcomes per time bucket (run offsets): bucket i covers [startMs + i·bucketMs, +bucketMs). */
export interface ClientSeries {
  startMs: number;
  bucketMs: number;
  /** operations completed in each bucket, by outcome */
  acknowledged: number[];
  failed: number[];
  unknown: number[];
  /** commit latency of the writes acknowledged in each bucket, in ms (null: none); absent in older results */
  latencyMs?: { p50: (number | null)[]; p99: (number | null)[]; max: (number | null)[] };
}

export interface RunSummary {
  runId: string;
  startedAt: string;
  durationMs: number;
  reportDir: string;
  scenarios: {
    scenario: string;
    status: ScenarioStatus;
    /** the scenario's `verdict`, when the writer of the summary copied it */
    verdict?: Verdict | null;
    /** declared to fail (`xfail`): how it measured up */
    expected?: ExpectedFailureResult['outcome'];
    dir: string;
    failedExpectations: string[];
  }[];
  exitCode: 0 | 1 | 2 | 3;
  /** `run --shard i/n`: this run is shard `index` of `total` of the drills named in `scenarios` (all shards' drills, in the order given) */
  shard?: RunShard;
  /** `pgdrill merge`: the runs (shards) this run's folder combines */
  mergedFrom?: { runId: string; shard?: RunShard }[];
}

export interface RunShard {
  index: number;
  total: number;
  scenarios: string[];
}

/**
 * The version of result.json's format, written as its top-level `schemaVersion`; raised when a
 * field is removed or changes meaning (not when one is added). schema/result.schema.json
 * describes this version (`npm run schema`).
 */
export const RESULT_SCHEMA_VERSION = 1;

/** result.json as written: the scenario's result and the version of its format. */
export interface ResultFile extends ScenarioResult {
  /** the version of this format; see docs/result.md */
  schemaVersion: typeof RESULT_SCHEMA_VERSION;
}
