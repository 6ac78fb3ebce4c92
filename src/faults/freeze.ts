/** pause / resume: the node's processes frozen by the cgroup freezer (docker pause), then thawed. */
import type { FaultStep } from '../scenario/model.ts';
import type { RunContext } from '../steps/context.ts';
import { StepFailedError } from '../errors.ts';
import { recordFault } from './record.ts';

export async function pause(ctx: RunContext, step: FaultStep): Promise<string> {
  const node = ctx.cluster.resolveAny(step.target ?? 'primary');
  await node.pause();
  recordFault(
    ctx,
    step,
    node,
    `froze ${node.name}${'role' in node ? ` (${node.role})` : ''}: every process stopped mid-instruction`,
  );
  ctx.faults.add({
    kind: 'pause',
    nodes: [node.name],
    description: `${node.name} frozen`,
    heal: async () => {
      await node.unpause();
      ctx.recorder.event('fault', `thawed ${node.name}`, node.name);
    },
  });
  return node.name;
}

export async function resume(ctx: RunContext, step: FaultStep): Promise<string> {
  const node = ctx.cluster.resolveAny(step.target ?? 'primary');
  const healed = await ctx.faults.heal((f) => f.kind === 'pause' && f.nodes.includes(node.name));
  if (healed.length === 0) throw new StepFailedError(`resume: ${node.name} is not paused`);
  return node.name;
}
