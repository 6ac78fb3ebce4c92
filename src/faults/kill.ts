/** kill: SIGKILL of the node's container — no shutdown checkpoint, no goodbye to clients. */
import type { FaultStep } from '../scenario/model.ts';
import type { RunContext } from '../steps/context.ts';
import { recordFault } from './record.ts';

export async function kill(ctx: RunContext, step: FaultStep): Promise<string> {
  const node = ctx.cluster.resolveAny(step.target ?? 'primary');
  const issuedAtMs = ctx.now();
  await node.kill();
  // The fault instant is when the kill has taken effect: the node may still acknowledge
  // writes while the request travels to the engine, and those must not count as recovery.
  const atMs = ctx.now();
  const what = 'role' in node ? node.role : 'etcd/HAProxy';
  recordFault(ctx, step, node, `SIGKILL ${node.name} (${what}); the engine took ${Math.round(atMs - issuedAtMs)} ms`, {
    atMs,
  });
  ctx.recorder.role({ node: node.name, role: 'down', atMs });
  return node.name;
}
