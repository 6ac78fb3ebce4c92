/**
 * lag: a replica falls behind for real.
 * - bandwidth: the primary's egress towards the replica is shaped (htb class + u32 filter), so
 *   the WAL itself arrives slowly; on promotion after a kill, what never arrived is lost.
 * - applyDelay / pauseReplay: WAL arrives but replay waits — the replica is stale, not lossy.
 * - delay / loss: netem on the same path, where the kernel has sch_netem (exit 3 where not).
 */
import { z } from 'zod';
import type { StepBase, TargetRef } from '../model/model.ts';
import type { RunContext } from '../steps/context.ts';
import type { PostgresMember } from '../topology/runtime.ts';
import { InfrastructureError, StepFailedError, errorMessage } from '../errors.ts';
import { parseDuration } from '../model/duration.ts';
import { parsePercent } from '../model/percent.ts';
import { percentSchema, positiveDurationSchema, targetSchema } from '../model/schema-primitives.ts';
import { defineFault, faultBase, faultSchema, targetTitle } from './descriptor.ts';
import { recordFault } from './record.ts';
import { NETEM_PROBE, netemArguments, shapeLinkCommand, unshapeLinkCommand } from './tc.ts';

export interface LagStep extends StepBase {
  type: 'fault';
  fault: 'lag';
  target: TargetRef;
  /** tc htb rate on the primary's link to the replica, e.g. 64kbit */
  bandwidth?: string;
  /** recovery_min_apply_delay */
  applyDelayMs?: number;
  /** pg_wal_replay_pause(). @default false */
  pauseReplay: boolean;
  /** netem (only where the kernel has sch_netem): added one-way delay and packet loss */
  delayMs?: number;
  lossPercent?: number;
}

const schema = faultSchema('lag', {
  target: targetSchema,
  bandwidth: z
    .string()
    .regex(/^\d+(\.\d+)?(bit|kbit|mbit|gbit|bps|kbps|mbps|gbps)$/, {
      error: 'expected a rate like 64kbit, 1mbit or 100kbps',
    })
    .optional()
    .describe("tc htb rate on the primary's link to the replica, e.g. 64kbit"),
  applyDelay: positiveDurationSchema.optional().describe('recovery_min_apply_delay on the replica'),
  pauseReplay: z.boolean().optional().describe('pg_wal_replay_pause() on the replica'),
  delay: positiveDurationSchema.optional().describe('netem: added one-way network delay'),
  loss: percentSchema.optional().describe('netem: packet loss, e.g. 5%'),
}).superRefine((step, ctx) => {
  const lossy = step.loss !== undefined && step.loss !== 0 && !/^0+(\.0+)?%$/.test(String(step.loss));
  if (
    step.bandwidth === undefined &&
    step.applyDelay === undefined &&
    step.pauseReplay !== true &&
    step.delay === undefined &&
    !lossy
  ) {
    ctx.addIssue({
      code: 'custom',
      message: 'lag needs `bandwidth: 64kbit`, `applyDelay: 30s`, `pauseReplay: true`, `delay: 200ms` or `loss: 5%`',
      input: step,
    });
  }
});

/** Optional keys stay absent rather than present-and-undefined. */
const present = <K extends string, V>(key: K, value: V | undefined) =>
  (value === undefined ? {} : { [key]: value }) as Partial<Record<K, V>>;

export const lag = defineFault<LagStep>()({
  kind: 'lag',
  summary: 'a replica falls behind: bandwidth (tc htb), applyDelay, pauseReplay, or netem delay/loss',
  example: '{fault: lag, target: replica-1, bandwidth: 64kbit}',
  schema,
  resolve: (raw, base): LagStep => ({
    ...faultBase('lag', base),
    target: raw.target,
    ...present('bandwidth', raw.bandwidth),
    ...present('applyDelayMs', raw.applyDelay === undefined ? undefined : parseDuration(raw.applyDelay)),
    pauseReplay: raw.pauseReplay ?? false,
    ...present('delayMs', raw.delay === undefined ? undefined : parseDuration(raw.delay)),
    ...present('lossPercent', raw.loss === undefined ? undefined : parsePercent(raw.loss)),
  }),
  targets: (step) => [{ path: ['target'], ref: step.target, scope: 'postgres' }],
  check: (step) =>
    step.target === 'primary'
      ? [{ path: ['target'], message: 'lag makes a replica fall behind: target a replica' }]
      : [],
  title: targetTitle,
  apply: applyLag,
});

let classCounter = 0;

async function applyLag(ctx: RunContext, step: LagStep): Promise<string> {
  const replica = ctx.cluster.resolve(step.target);
  if (replica.role !== 'replica')
    throw new StepFailedError(`lag: ${replica.name} is not a replica (it is the ${replica.role})`);
  const parts: string[] = [];
  if (step.bandwidth || step.delayMs !== undefined || step.lossPercent !== undefined) {
    parts.push(await shapeLink(ctx, replica, step));
  }
  if (step.applyDelayMs !== undefined) parts.push(await delayApply(ctx, replica, step.applyDelayMs));
  if (step.pauseReplay) parts.push(await pauseReplay(ctx, replica));
  recordFault(ctx, step, replica, `lag on ${replica.name}: ${parts.join('; ')}`, { disruptsWrites: false });
  return replica.name;
}

/** Shapes the current primary's traffic to `replica`: its WAL stream. */
async function shapeLink(ctx: RunContext, replica: PostgresMember, step: LagStep): Promise<string> {
  const primary = ctx.cluster.primary();
  const id = ++classCounter + 10;
  const netem = step.delayMs !== undefined || step.lossPercent !== undefined;
  if (netem) await requireNetem(primary);
  const netemArgs = netemArguments(step);
  await primary.shell(
    shapeLinkCommand({
      classId: id,
      destination: replica.network.ip,
      ...(step.bandwidth ? { bandwidth: step.bandwidth } : {}),
      ...(step.delayMs !== undefined ? { delayMs: step.delayMs } : {}),
      ...(step.lossPercent !== undefined ? { lossPercent: step.lossPercent } : {}),
    }),
  );
  const what = [step.bandwidth ? `bandwidth ${step.bandwidth}` : '', netemArgs].filter(Boolean).join(', ');
  ctx.faults.add({
    kind: 'lag',
    nodes: [replica.name, primary.name],
    description: `${what} on ${primary.name} → ${replica.name}`,
    heal: async () => {
      if (primary.state === 'killed') return;
      await primary.shell(unshapeLinkCommand(id));
      ctx.recorder.event('fault', `healed: ${what} on ${primary.name} → ${replica.name}`, replica.name);
    },
  });
  return `${what} on ${primary.name} → ${replica.name}`;
}

async function requireNetem(node: PostgresMember): Promise<void> {
  try {
    await node.shell(NETEM_PROBE);
  } catch (error) {
    throw new InfrastructureError(
      'PGDRILL_NETEM_UNAVAILABLE',
      `this kernel has no sch_netem, so \`delay\`/\`loss\` cannot be injected (${errorMessage(error).split(': ').pop()})`,
      {
        cause: error,
        hint: 'Use `bandwidth` (tc htb works without netem), or run on a host whose kernel has sch_netem (most distributions and Docker Desktop do).',
      },
    );
  }
}

async function delayApply(ctx: RunContext, replica: PostgresMember, ms: number): Promise<string> {
  await replica.query(`ALTER SYSTEM SET recovery_min_apply_delay = '${Math.round(ms)}ms'`);
  await replica.query('SELECT pg_reload_conf()');
  ctx.faults.add({
    kind: 'lag',
    nodes: [replica.name],
    description: `replay delayed ${ms} ms on ${replica.name}`,
    heal: async () => {
      if (!replica.alive) return;
      await replica.query('ALTER SYSTEM RESET recovery_min_apply_delay');
      await replica.query('SELECT pg_reload_conf()');
      ctx.recorder.event('fault', `healed: replay delay on ${replica.name}`, replica.name);
    },
  });
  return `recovery_min_apply_delay ${ms} ms`;
}

async function pauseReplay(ctx: RunContext, replica: PostgresMember): Promise<string> {
  await replica.query('SELECT pg_wal_replay_pause()');
  ctx.faults.add({
    kind: 'lag',
    nodes: [replica.name],
    description: `replay paused on ${replica.name}`,
    heal: async () => {
      if (!replica.alive) return;
      await replica.query('SELECT pg_wal_replay_resume()');
      ctx.recorder.event('fault', `healed: replay resumed on ${replica.name}`, replica.name);
    },
  });
  return 'pg_wal_replay_pause()';
}
