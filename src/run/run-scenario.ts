/**
 * One drill, start to finish: topology up, data seeded, workload ∥ steps, evidence gathered,
 * checks judged, everything torn down. Returns the result model and the nodes' logs; writing
 * reports is the caller's business.
 */
import { readFile } from 'node:fs/promises';
import type { RunPlan } from '../plan/plan.ts';
import type { ScenarioResult, ScenarioStatus } from '../report/result.ts';
import type { Evidence, FinalState, NodeChecksums, TimelineEvent } from './evidence.ts';
import type { History } from '../workload/history.ts';
import { PgCluster, type StartedCluster } from '../topology/cluster.ts';
import { allSecrets, generateSecrets } from '../topology/secrets.ts';
import { Workload, WORKLOAD_DATABASE, WORKLOAD_DDL } from '../workload/workload.ts';
import { computeMetrics, judge } from '../checks/index.ts';
import { presentable } from '../checks/presentable.ts';
import { InfrastructureError, PgdrillError, errorMessage } from '../errors.ts';
import { EvidenceRecorder } from './recorder.ts';
import { runSteps, type StepsOutcome } from './steps.ts';
import { ConvergenceWait } from './waits.ts';
import { collectChecksums, collectFinalState } from './collect.ts';
import type { RunContext } from './context.ts';
import { HARNESS_VERSION } from '../version.ts';

export interface RunOptions {
  runId: string;
  image: string;
  signal: AbortSignal;
  /** progress lines for a human */
  log: (line: string) => void;
  /** monotonic clock in ms. @default performance.now */
  now?: () => number;
  /** how long replicas get to catch up before checksums are taken. @default 15_000 */
  settleTimeoutMs?: number;
}

export interface ScenarioRun {
  result: ScenarioResult;
  logs: Record<string, string>;
  /** every secret of the run, for redaction */
  secrets: string[];
}

export async function runScenario(plan: RunPlan, options: RunOptions): Promise<ScenarioRun> {
  const { scenario } = plan;
  const now = options.now ?? (() => performance.now());
  const startedAt = new Date();
  const t0 = now();
  const secrets = generateSecrets();
  const elapsed = () => `+${((now() - t0) / 1000).toFixed(1)}s`;
  const log = (line: string) => options.log(`[${scenario.name} ${elapsed()}] ${line}`);
  const recorder = new EvidenceRecorder(t0, now, (event: TimelineEvent) => {
    if (event.kind !== 'procedure' || !event.message.startsWith('step ')) log(`  · ${event.message}`);
  });
  const base = {
    scenario: scenario.name,
    file: scenario.file,
    ...(scenario.description ? { description: scenario.description } : {}),
    tags: scenario.tags,
    startedAt: startedAt.toISOString(),
    runId: options.runId,
    harness: { version: HARNESS_VERSION, node: process.version, image: options.image },
    artifacts: [],
  };
  const finish = (fields: Pick<ScenarioResult, 'status' | 'metrics' | 'expectations' | 'steps'> & Partial<ScenarioResult>): ScenarioResult => ({
    ...base,
    ...fields,
    durationMs: Math.round(now() - t0),
    timeline: recorder.timeline,
  });

  log(`starting ${scenario.topology.postgres.replicas + 1} node(s)…`);
  let cluster: StartedCluster;
  try {
    cluster = await new PgCluster({ runId: options.runId, scenario: scenario.name, image: options.image, topology: scenario.topology, secrets }).start();
  } catch (error) {
    if (options.signal.aborted) throw error; // interrupted, not broken: no verdict at all
    return { result: finish({ status: 'error', error: describe(error), metrics: null, expectations: [], steps: [] }), logs: {}, secrets: allSecrets(secrets) };
  }
  recorder.event('observation', `cluster up: ${cluster.nodes.map((n) => `${n.name} (${n.role})`).join(', ')}`);
  for (const node of cluster.nodes) recorder.role({ node: node.name, role: node.role === 'primary' ? 'primary' : 'replica', atMs: now() });
  const ctx: RunContext = { cluster, recorder, now, signal: options.signal, log, settleTimeoutMs: options.settleTimeoutMs ?? 15_000 };
  let workload: Workload | null = null;
  try {
    await prepareData(cluster, scenario.data.sqlFile);
    if (scenario.workload) {
      workload = new Workload({
        spec: scenario.workload,
        endpoint: cluster.endpoint,
        credentials: { user: 'app', password: secrets.app, database: WORKLOAD_DATABASE },
        now,
      });
      workload.start();
      recorder.event('observation', `workload: ${scenario.workload.clients} client(s)${scenario.workload.rate ? ` at ${scenario.workload.rate} tx/s` : ', as fast as possible'}`);
    }
    const outcome = await runSteps(plan, ctx, t0);
    const history: History = workload ? await workload.stop() : { ops: [] };
    const workloadMs = workload?.startedAtMs != null && workload.stoppedAtMs != null ? workload.stoppedAtMs - workload.startedAtMs : undefined;
    if (workload) recorder.event('observation', `workload stopped after ${history.ops.length} operation(s)`);
    const evidence = await gatherEvidence(ctx, history);
    const metrics = computeMetrics(evidence, workloadMs, t0);
    const verdict = judge(scenario.expect, metrics);
    const status: ScenarioStatus = outcome.failure || !verdict.passed ? 'failed' : 'passed';
    for (const e of verdict.expectations) {
      const actual = typeof e.actual === 'number' ? Number(e.actual.toFixed(3)) : e.actual;
      recorder.event('check', `${e.name}: expected ${e.expected}, got ${String(actual)} — ${e.passed ? 'pass' : 'FAIL'}`);
    }
    return {
      result: finish({ status, metrics: presentable(metrics), expectations: presentable(verdict.expectations), steps: outcome.steps, ...failureOf(outcome) }),
      logs: await cluster.logs(),
      secrets: allSecrets(secrets),
    };
  } catch (error) {
    if (options.signal.aborted) throw error;
    return {
      result: finish({ status: 'error', error: describe(error), metrics: null, expectations: [], steps: [] }),
      logs: await cluster.logs().catch(() => ({})),
      secrets: allSecrets(secrets),
    };
  } finally {
    await workload?.stop().catch(() => {});
    await cluster.dispose().catch(() => {});
  }
}

function failureOf(outcome: StepsOutcome): Partial<ScenarioResult> {
  return outcome.failure ? { error: { code: 'PGDRILL_STEP_FAILED', message: outcome.failure.message } } : {};
}

function describe(error: unknown): NonNullable<ScenarioResult['error']> {
  if (error instanceof PgdrillError) return { code: error.code, message: error.message, ...(error.hint ? { hint: error.hint } : {}) };
  return { code: 'PGDRILL_INTERNAL', message: errorMessage(error), hint: 'This is a pgdrill bug: please report it with the log above.' };
}

/** The workload table and the scenario's seed SQL, both owned by the application role. */
async function prepareData(cluster: StartedCluster, sqlFile?: string): Promise<void> {
  const primary = cluster.primary();
  const seed = sqlFile ? await readFile(sqlFile, 'utf8') : '';
  try {
    await primary.query(`SET ROLE app; ${WORKLOAD_DDL}; ${seed}\n; RESET ROLE`, [], WORKLOAD_DATABASE);
  } catch (error) {
    throw new InfrastructureError('PGDRILL_SEED_FAILED', `seeding ${sqlFile ?? 'the workload table'} failed: ${errorMessage(error)}`, {
      cause: error,
      hint: sqlFile ? `Check ${sqlFile}: it runs as the owner of database "app" on PostgreSQL 15.` : undefined,
    });
  }
}

async function gatherEvidence(ctx: RunContext, history: History): Promise<Evidence> {
  const attempt = async <T>(what: string, read: () => Promise<T>): Promise<T | null> => {
    try {
      return await read();
    } catch (error) {
      if (ctx.signal.aborted) throw error;
      ctx.recorder.event('observation', `${what} could not be read: ${errorMessage(error)}`);
      return null;
    }
  };
  // Replicas get a moment to replay the last writes, so a digest difference means divergence, not lag.
  const settle = await attempt('replica positions', () => new ConvergenceWait(ctx.settleTimeoutMs, false).observe(ctx));
  if (settle && settle.reachedAtMs === null) {
    ctx.recorder.event('observation', `replicas still behind ${settle.targetLsn} when checksums were taken`);
  }
  const finalState: FinalState | null = await attempt('the surviving primary\'s data', () => collectFinalState(ctx.cluster));
  const checksums: NodeChecksums[] | null = await attempt('table checksums', () => collectChecksums(ctx.cluster));
  const r = ctx.recorder;
  return { history, faults: r.faults, promotions: r.promotions, roleChanges: r.roleChanges, checksums, convergence: r.convergence, finalState, timeline: r.timeline };
}
