/** kill: SIGKILL of the node's container — no shutdown checkpoint, no goodbye to clients. */
import type { FaultStep } from '../scenario/model.ts';
import type { RunContext } from '../run/context.ts';

export async function kill(ctx: RunContext, step: FaultStep): Promise<string> {
  const node = ctx.cluster.resolve(step.target ?? 'primary');
  const atMs = ctx.now();
  const formerRole = node.role;
  await node.kill();
  ctx.recorder.fault({ kind: 'kill', node: node.name, atMs, stepIndex: step.index }, `SIGKILL ${node.name} (${formerRole})`);
  ctx.recorder.role({ node: node.name, role: 'down', atMs });
  return node.name;
}
