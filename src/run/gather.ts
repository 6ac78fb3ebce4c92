/** After the steps: replicas settle, then the surviving data and every node's checksums are read. */
import type {
  ConvergenceObservation,
  Evidence,
  FinalState,
  LeftOutNode,
  NodeChecksums,
  NodeSample,
} from '../evidence/evidence.ts';
import type { PostgresMember } from '../topology/runtime.ts';
import type { History } from '../evidence/history.ts';
import type { RunContext } from '../steps/context.ts';
import { errorMessage } from '../errors.ts';
import { ConvergenceWait } from './waits.ts';
import { collectChecksums, collectFinalState } from './collect.ts';

export async function gatherEvidence(ctx: RunContext, history: History, samples: NodeSample[]): Promise<Evidence> {
  const attempt = async <T>(what: string, read: () => Promise<T>): Promise<T | null> => {
    try {
      return await read();
    } catch (error) {
      if (ctx.signal.aborted) throw error;
      ctx.recorder.event('observation', `${what} could not be read: ${errorMessage(error)}`);
      return null;
    }
  };
  await ctx.cluster.refreshRoles();
  // Replicas get a moment to replay the last writes, so a digest difference means divergence, not lag.
  const settle = await attempt('replica positions', () => new ConvergenceWait(ctx.settleTimeoutMs, false).observe(ctx));
  if (settle && settle.reachedAtMs === null) {
    ctx.recorder.event('observation', `replicas still behind ${settle.targetLsn} when checksums were taken`);
  }
  const finalState: FinalState | null =
    recoveredInstead(ctx) ?? (await attempt("the surviving primary's data", () => collectFinalState(ctx.cluster)));
  const { compared, leftOut } = checksumNodes(ctx, settle);
  const collected = await attempt('table checksums', () => collectChecksums(compared));
  const checksums: NodeChecksums[] | null = collected?.read ?? null;
  for (const { node, error } of collected?.unread ?? [])
    leftOut.push({ node, reason: `its tables could not be read: ${error}` });
  for (const { node, reason } of leftOut) ctx.recorder.event('check', `${node} left out of checksums: ${reason}`, node);
  const r = ctx.recorder;
  return {
    history,
    faults: r.faults,
    promotions: r.promotions,
    roleChanges: r.roleChanges,
    checksums,
    checksumsLeftOut: leftOut,
    convergence: r.convergence,
    finalState,
    timeline: r.timeline,
    samples,
    backups: r.backups,
    marks: r.marks,
    recoveries: r.recoveries,
  };
}

/**
 * When no primary survived and the data was recovered from the WAL archive alone (`pitr by:
 * latest`), what survives is what that recovery opened: its keys, read when it ended, stand in
 * for the primary's, so RPO counts what the archive lost.
 */
function recoveredInstead(ctx: RunContext): FinalState | null {
  if (ctx.cluster.nodes.some((n) => n.role === 'primary' && n.alive)) return null;
  const recovery = ctx.recorder.recoveries
    .filter((r) => r.kind === 'pitr' && r.target?.by === 'latest' && r.actual !== null && r.endedAs === 'promoted')
    .at(-1);
  if (recovery?.actual == null) return null;
  ctx.recorder.event(
    'check',
    `no primary survived: RPO counts the acknowledged writes missing from ${recovery.node}, recovered from the WAL archive`,
    recovery.node,
  );
  return { primary: recovery.node, presentKeys: recovery.actual.keys, recoveredAtStep: recovery.stepIndex };
}

/**
 * The nodes whose data must agree: the primary and every replica that caught up with it. A
 * replica still behind would differ by lag, not divergence; a former primary left the cluster at
 * failover and has diverged by definition until it rejoins. Each live node left out is returned
 * with why, so the checksum verdict can say it compared less than every live node.
 */
function checksumNodes(
  ctx: RunContext,
  settle: ConvergenceObservation | null,
): { compared: PostgresMember[]; leftOut: LeftOutNode[] } {
  const caughtUp = new Set(settle?.replicas.filter((r) => r.caughtUp).map((r) => r.node) ?? []);
  const compared: PostgresMember[] = [];
  const leftOut: LeftOutNode[] = [];
  for (const node of ctx.cluster.nodes) {
    if (node.state === 'stopped' || node.state === 'killed') continue; // down: not a live node
    if (node.state === 'paused') {
      // frozen (a pause its heal did not undo): live, but its tables cannot be read
      leftOut.push({ node: node.name, reason: 'it is paused (SIGSTOP): its tables cannot be read' });
      continue;
    }
    if (node.role === 'primary' || (node.role === 'replica' && caughtUp.has(node.name))) {
      compared.push(node);
      continue;
    }
    const reason =
      node.role === 'replica'
        ? settle === null
          ? 'its replay position could not be read'
          : `it had not replayed the primary's WAL up to ${settle.targetLsn}`
        : 'a former primary, diverged since the failover and not rejoined';
    leftOut.push({ node: node.name, reason });
  }
  return { compared, leftOut };
}
