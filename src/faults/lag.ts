/**
 * lag: a replica falls behind for real.
 * - bandwidth: the primary's egress towards the replica is shaped (htb class + u32 filter), so
 *   the WAL itself arrives slowly; on promotion after a kill, what never arrived is lost.
 * - applyDelay / pauseReplay: WAL arrives but replay waits — the replica is stale, not lossy.
 * - delay / loss: netem on the same path, where the kernel has sch_netem (exit 3 where not).
 */
import type { FaultStep } from '../scenario/model.ts';
import type { RunContext } from '../steps/context.ts';
import type { PgNode } from '../topology/pg-node.ts';
import { InfrastructureError, StepFailedError, errorMessage } from '../errors.ts';
import { recordFault } from './record.ts';

let classCounter = 0;

export async function lag(ctx: RunContext, step: FaultStep): Promise<string> {
  const replica = ctx.cluster.resolve(step.target ?? 'replica');
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
async function shapeLink(ctx: RunContext, replica: PgNode, step: FaultStep): Promise<string> {
  const primary = ctx.cluster.primary();
  const id = ++classCounter + 10;
  const netem = step.delayMs !== undefined || step.lossPercent !== undefined;
  if (netem) await requireNetem(primary);
  const rate = step.bandwidth ?? '1000mbit';
  const netemArgs = [
    step.delayMs !== undefined ? `delay ${step.delayMs}ms` : '',
    step.lossPercent !== undefined ? `loss ${step.lossPercent}%` : '',
  ]
    .join(' ')
    .trim();
  await primary.shell(
    [
      // one htb root per node, shared by every shaped replica; unclassified traffic passes unshaped
      'tc qdisc show dev eth0 | grep -q "htb 1:" || tc qdisc add dev eth0 root handle 1: htb',
      `tc class add dev eth0 parent 1: classid 1:${id} htb rate ${rate} ceil ${rate}`,
      ...(netem ? [`tc qdisc add dev eth0 parent 1:${id} handle ${id}: netem ${netemArgs}`] : []),
      `tc filter add dev eth0 protocol ip parent 1: prio 1 u32 match ip dst ${replica.network.ip}/32 flowid 1:${id}`,
    ].join(' && '),
  );
  const what = [step.bandwidth ? `bandwidth ${step.bandwidth}` : '', netemArgs].filter(Boolean).join(', ');
  ctx.faults.add({
    kind: 'lag',
    nodes: [replica.name, primary.name],
    description: `${what} on ${primary.name} → ${replica.name}`,
    heal: async () => {
      if (primary.state === 'killed') return;
      await primary.shell(
        `tc filter del dev eth0 parent 1: prio 1 2>/dev/null; tc qdisc del dev eth0 root 2>/dev/null; true`,
      );
      ctx.recorder.event('fault', `healed: ${what} on ${primary.name} → ${replica.name}`, replica.name);
    },
  });
  return `${what} on ${primary.name} → ${replica.name}`;
}

async function requireNetem(node: PgNode): Promise<void> {
  try {
    await node.shell('tc qdisc add dev lo root netem delay 0ms && tc qdisc del dev lo root');
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

async function delayApply(ctx: RunContext, replica: PgNode, ms: number): Promise<string> {
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

async function pauseReplay(ctx: RunContext, replica: PgNode): Promise<string> {
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
