/**
 * One drill, start to finish: topology up, data seeded, workload ∥ sampler ∥ steps, faults
 * healed, evidence gathered, checks judged, everything torn down. Returns the result model and
 * the nodes' logs; writing reports is the caller's business.
 */
import { missingPreloadLibrary } from './missing-library.ts';
import type { Provenance } from '../model/provenance.ts';
import type { RunPlan } from '../plan/plan.ts';
import type { RunEnvironment, ScenarioResult, ScenarioStatus } from '../result/result.ts';
import type { TimelineEvent } from '../evidence/evidence.ts';
import type { History } from '../evidence/history.ts';
import type { VolumeName } from '../model/model.ts';
import type { RunContext } from '../steps/context.ts';
import type { StartedTopology } from '../topology/runtime.ts';
import { dockerRuntime } from '../topology/docker-runtime.ts';
import { allSecrets, generateSecrets } from '../topology/secrets.ts';
import { Workload } from '../workload/workload.ts';
import { ReadWorkload } from '../workload/reads.ts';
import { applyExpectedFailure } from '../result/expected-failure.ts';
import { type KeepWhen, keepCluster, keeps } from './keep.ts';
import { WORKLOAD_DATABASE } from '../topology/workload-database.ts';
import { computeMetrics, judge, mergeVerdicts } from '../checks/index.ts';
import { presentable } from '../checks/presentable.ts';
import { ActiveFaults } from '../steps/active-faults.ts';
import { PgdrillError, TeamConfigError, errorMessage } from '../errors.ts';
import { HARNESS_VERSION } from '../version.ts';
import { EvidenceRecorder } from '../evidence/recorder.ts';
import { runSteps, type StepsOutcome } from './steps.ts';
import { Sampler } from './sampler.ts';
import { gatherEvidence } from './gather.ts';
import { prepareData } from './prepare-data.ts';
import { notableLogEvents } from './log-evidence.ts';
import { redactSecrets } from '../redact.ts';
import { clientSeries } from './client-series.ts';
import { componentVersions, engineHost, ranBy } from './environment.ts';
import { replicaLag, type LiveStatus } from './live-status.ts';

export interface RunOptions {
  runId: string;
  image: string;
  /** the image's ID, recorded in the result so a run can be reproduced exactly */
  imageId?: string;
  signal: AbortSignal;
  /** progress lines for a human */
  log: (line: string) => void;
  /** monotonic clock in ms. @default performance.now */
  now?: () => number;
  /** how long replicas get to catch up before checksums are taken. @default 15_000 */
  settleTimeoutMs?: number;
  /** told once a second what the drill is doing, for a live status line */
  status?: (status: LiveStatus) => void;
  /** the inputs' fingerprints and commit, read before the drill (plan/provenance.ts); recorded as given */
  provenance?: Provenance;
  /** `--keep`: leave the cluster up after the verdict (always, or when the drill did not pass) */
  keep?: KeepWhen;
  /** `--step`: awaited before each step with what comes next and the cluster as it stands */
  beforeStep?: (next: { number: number; title: string; line: number; state: string[] }) => Promise<void>;
}

export interface ScenarioRun {
  result: ScenarioResult;
  logs: Record<string, string>;
  /** further evidence files for the report folder, e.g. samples.json */
  attachments: Record<string, string>;
  /** every secret of the run, for redaction */
  secrets: string[];
}

export async function runScenario(plan: RunPlan, options: RunOptions): Promise<ScenarioRun> {
  const { scenario } = plan;
  /** the status as judged against the scenario's declaration: whether --keep keeps the cluster */
  let judgedStatus: ScenarioResult['status'] | undefined;
  // an xfail drill passes when it fails as declared (every return goes through here, once)
  const judged = (run: ScenarioRun): ScenarioRun => {
    const result = applyExpectedFailure(scenario.xfail, run.result);
    judgedStatus = result.status;
    return { ...run, result };
  };
  const now = options.now ?? (() => performance.now());
  const startedAt = new Date();
  const t0 = now();
  const secrets = generateSecrets(scenario.topology.postgres.passwords, {
    ssh: Boolean(scenario.topology.postgres.ssh),
    roles: Object.keys(scenario.topology.postgres.roles),
  });
  // Progress passes through redaction too: a node's message can quote its configuration.
  const log = (line: string) =>
    options.log(redactSecrets(`[${scenario.name} +${((now() - t0) / 1000).toFixed(1)}s] ${line}`, allSecrets(secrets)));
  const recorder = new EvidenceRecorder(t0, now, (event: TimelineEvent) => {
    if (event.kind !== 'procedure' || !event.message.startsWith('step ')) log(`  · ${event.message}`);
  });
  let postgresVersion: string | null = null;
  const environment: RunEnvironment = { ...ranBy(), components: {} };
  const finish = (
    fields: Pick<ScenarioResult, 'status' | 'metrics' | 'expectations' | 'steps'> & Partial<ScenarioResult>,
  ): ScenarioResult => ({
    scenario: scenario.name,
    file: options.provenance?.scenario.path ?? scenario.file,
    ...(scenario.description ? { description: scenario.description } : {}),
    tags: scenario.tags,
    ...(scenario.claims.length ? { claims: scenario.claims } : {}),
    startedAt: startedAt.toISOString(),
    runId: options.runId,
    harness: {
      version: HARNESS_VERSION,
      node: process.version,
      image: options.image,
      imageId: options.imageId ?? null,
      postgres: postgresVersion,
    },
    artifacts: [],
    environment,
    ...(options.provenance ? { provenance: options.provenance } : {}),
    ...fields,
    durationMs: Math.round(now() - t0),
    timeline: [...recorder.timeline].sort((a, b) => a.atMs - b.atMs),
  });
  const errorRun = (error: unknown, logs: Record<string, string> = {}): ScenarioRun => ({
    result: finish({
      status: 'error',
      verdict: null,
      error: describe(error),
      metrics: null,
      expectations: [],
      steps: [],
    }),
    logs,
    attachments: {},
    secrets: allSecrets(secrets),
  });

  log(`starting ${scenario.topology.postgres.replicas + 1} node(s)…`);
  let cluster: StartedTopology;
  try {
    cluster = await dockerRuntime.start({
      runId: options.runId,
      scenario: scenario.name,
      image: options.image,
      topology: scenario.topology,
      secrets,
      limitedVolumes: plan.limitedVolumes,
      ...(plan.backups ? { backups: plan.backups } : {}),
      ...(plan.logicalSubscriber ? { logicalSubscriber: true } : {}),
    });
  } catch (error) {
    if (options.signal.aborted) throw error; // interrupted, not broken: no verdict at all
    // the node's own log names a setting that --pg's major was known to refuse
    const refused = (scenario.refusedSettings ?? []).filter((r) => errorMessage(error).includes(`"${r.setting}"`));
    const { settings, version } = scenario.topology.postgres;
    const missingLibrary = missingPreloadLibrary(settings, version, errorMessage(error));
    const finding =
      error instanceof TeamConfigError
        ? error
        : refused.length > 0
          ? new TeamConfigError(
              `PostgreSQL ${version} refused the settings the scenario wrote for another major (${refused.map((r) => r.why).join('; ')}): ${errorMessage(error)}`,
              { cause: error },
            )
          : missingLibrary
            ? new TeamConfigError(`${missingLibrary}: ${errorMessage(error)}`, { cause: error })
            : null;
    if (finding) {
      // the team's own file refused or did not do its job, or --pg moved its settings to a
      // major that has no such parameter: that is the drill's finding
      recorder.event('observation', `the team's configuration failed: ${finding.message}`);
      const run = errorRun(finding);
      return judged({ ...run, result: { ...run.result, status: 'failed', verdict: 'failed' } });
    }
    return errorRun(error);
  }
  recorder.event('observation', `cluster up: ${cluster.nodes.map((n) => `${n.name} (${n.role})`).join(', ')}`);
  const server = await cluster
    .primary()
    .queryOne<{ v: string; checksums: string }>(
      "SELECT current_setting('server_version') AS v, current_setting('data_checksums') AS checksums",
    )
    .catch(() => null);
  postgresVersion = server?.v ?? null;
  environment.dataChecksums = server ? server.checksums === 'on' : null;
  environment.components = await componentVersions(cluster.primary());
  environment.engine = { host: engineHost(), nodesAt: cluster.primary().address.host };
  for (const node of cluster.nodes)
    recorder.role({ node: node.name, role: node.role === 'primary' ? 'primary' : 'replica', atMs: now() });

  const faults = new ActiveFaults();
  let phase = 'seeding data';
  const ctx: RunContext = {
    cluster,
    recorder,
    faults,
    now,
    signal: options.signal,
    log,
    settleTimeoutMs: options.settleTimeoutMs ?? 15_000,
    stepStarted: (title) => (phase = title),
    ...(options.beforeStep
      ? {
          beforeStep: (next: { number: number; title: string; line: number }) =>
            options.beforeStep!({ ...next, state: clusterState() }),
        }
      : {}),
  };
  const sampler = new Sampler(cluster, recorder, {
    intervalMs: scenario.observe.intervalMs,
    limitedVolumes: Object.keys(plan.limitedVolumes) as VolumeName[],
    now,
  });
  let workload: Workload | null = null;
  let reads: ReadWorkload | null = null;
  /** The cluster as the user stepping through the drill sees it: roles, lag, the clients' pace. */
  const clusterState = (): string[] => {
    const lag = new Map(replicaLag(sampler.latest()).map((r) => [r.node, r]));
    const nodes = cluster.nodes.map((n) => {
      const r = lag.get(n.name);
      const behind = r?.lagBytes == null ? '' : `, ${r.lagBytes} bytes behind`;
      return `${n.name} ${n.role}${n.alive ? '' : ` (${n.state})`}${behind}${r && !r.reachable ? ', unreachable' : ''}`;
    });
    const pace = workload
      ? `; clients: ${workload.acknowledgedWithin(1_000)} acknowledged writes in the last second`
      : '';
    const faults = ctx.faults.list().map((f) => f.description);
    return [`${nodes.join(' · ')}${pace}`, ...(faults.length ? [`faults in force: ${faults.join('; ')}`] : [])];
  };
  const ticker = options.status
    ? setInterval(() => {
        options.status!({
          scenario: scenario.name,
          step: phase,
          elapsedMs: now() - t0,
          txPerSecond: workload ? workload.acknowledgedWithin(1_000) : null,
          replicas: replicaLag(sampler.latest()),
        });
      }, 1_000)
    : undefined;
  try {
    await prepareData(cluster, scenario.data.sqlFile, {
      specs: scenario.topology.postgres.roles,
      passwords: secrets.roles,
    });
    sampler.start();
    if (scenario.workload) {
      workload = new Workload({
        spec: scenario.workload,
        endpoint: cluster.endpoint,
        credentials: { user: 'app', password: secrets.app, database: WORKLOAD_DATABASE },
        nodeAt: (ip) => cluster.nodeAt(ip),
        now,
      });
      workload.start();
      recorder.event(
        'observation',
        `workload: ${scenario.workload.clients} client(s)${scenario.workload.rate ? ` at ${scenario.workload.rate} tx/s` : ', as fast as possible'}`,
      );
      const readSpec = scenario.workload.reads;
      if (readSpec) {
        reads = new ReadWorkload({
          rate: readSpec.rate,
          targets: readSpec.from === 'replicas' ? () => cluster.replicaPath() : () => [cluster.endpoint.target()],
          credentials: { user: 'app', password: secrets.app, database: WORKLOAD_DATABASE },
          nodeAt: (ip) => cluster.nodeAt(ip),
          now,
        });
        reads.start();
        const paths = readSpec.from === 'replicas' ? cluster.replicaPath().map((t) => t.node) : ['the client endpoint'];
        recorder.event('observation', `reads: ${readSpec.rate}/s through ${paths.join(', ')}`);
      }
    }
    const outcome = await runSteps(plan, ctx, t0);
    phase = 'gathering evidence';
    const readOps = reads ? await reads.stop() : undefined;
    const history: History = {
      ...(workload ? await workload.stop() : { ops: [] }),
      ...(readOps ? { reads: readOps } : {}),
    };
    const workloadMs =
      workload?.startedAtMs != null && workload.stoppedAtMs != null
        ? workload.stoppedAtMs - workload.startedAtMs
        : undefined;
    if (workload) recorder.event('observation', `workload stopped after ${history.ops.length} operation(s)`);
    await healAll(ctx);
    await sampler.stop();
    const evidence = await gatherEvidence(ctx, history, sampler.samples);
    const metrics = computeMetrics(evidence, workloadMs, t0, scenario.workload?.rate);
    const verdict = judge(scenario.expect, metrics);
    // A step that failed is a failure, whatever was (not) measured: failed > not-measured > held.
    const scenarioVerdict = mergeVerdicts([verdict.verdict, outcome.failure ? 'failed' : 'held']);
    const status: ScenarioStatus = scenarioVerdict === 'held' ? 'passed' : 'failed';
    for (const e of verdict.expectations) {
      const actual = typeof e.actual === 'number' ? Number(e.actual.toFixed(3)) : e.actual;
      recorder.event(
        'check',
        e.verdict === 'not-measured'
          ? `${e.name}: expected ${e.expected} — NOT MEASURED: ${e.why}`
          : `${e.name}: expected ${e.expected}, got ${String(actual)} — ${e.passed ? 'pass' : 'FAIL'}`,
      );
    }
    const logs = await collectLogs(cluster, recorder, startedAt, t0);
    const samples = sampler.samples.map((s) => ({ ...s, atMs: Math.round(s.atMs - t0) }));
    return judged({
      result: finish({
        status,
        verdict: scenarioVerdict,
        metrics: presentable(metrics),
        expectations: presentable(verdict.expectations),
        steps: outcome.steps,
        clients: clientSeries(history, t0),
        checksums: evidence.checksums,
        ...failureOf(outcome),
      }),
      logs,
      attachments: { 'samples.json': `${JSON.stringify(presentable(samples), null, 1)}\n`, ...recorder.artifacts },
      secrets: allSecrets(secrets),
    });
  } catch (error) {
    if (options.signal.aborted) throw error;
    return judged(errorRun(error, await collectLogs(cluster, recorder, startedAt, t0).catch(() => ({}))));
  } finally {
    clearInterval(ticker);
    await reads?.stop().catch(() => {});
    await workload?.stop().catch(() => {});
    await sampler.stop().catch(() => {});
    if (judgedStatus && !options.signal.aborted && keeps(options.keep, judgedStatus)) {
      // the user looks at it, then removes it with pgdrill clean <run>
      for (const line of await keepCluster(cluster, secrets, options.runId)) log(line);
    } else {
      // A teardown that fails is not a verdict, but the user must hear of it.
      await cluster.dispose().catch((error: unknown) => log(`warning: ${errorMessage(error)} — run \`pgdrill clean\``));
    }
  }
}

/** Undo every fault still in force, so evidence is read from a whole cluster; a heal that fails is evidence too. */
async function healAll(ctx: RunContext): Promise<void> {
  if (ctx.faults.list().length === 0) return;
  try {
    const healed = await ctx.faults.heal();
    ctx.recorder.event('fault', `teardown healed ${healed.length} fault(s) still in force`);
  } catch (error) {
    ctx.recorder.event('fault', `teardown could not heal every fault: ${errorMessage(error)}`);
  }
}

async function collectLogs(
  cluster: StartedTopology,
  recorder: EvidenceRecorder,
  startedAt: Date,
  t0: number,
): Promise<Record<string, string>> {
  const logs = await cluster.logs();
  for (const event of notableLogEvents(logs, { wallAtStart: startedAt.getTime(), monoAtStart: t0, t0 }))
    recorder.timeline.push(event);
  return logs;
}

function failureOf(outcome: StepsOutcome): Partial<ScenarioResult> {
  return outcome.failure ? { error: { code: 'PGDRILL_STEP_FAILED', message: outcome.failure.message } } : {};
}

function describe(error: unknown): NonNullable<ScenarioResult['error']> {
  if (error instanceof PgdrillError)
    return { code: error.code, message: error.message, ...(error.hint ? { hint: error.hint } : {}) };
  return {
    code: 'PGDRILL_INTERNAL',
    message: errorMessage(error),
    hint: 'This is a pgdrill bug: please report it with the log above.',
  };
}
