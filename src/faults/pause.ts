/** pause: the node's processes frozen by the cgroup freezer (docker pause) until resumed or healed. */
import type { StepBase, TargetRef } from '../model/model.ts';
import { targetSchema } from '../model/schema-primitives.ts';
import { defineFault, faultBase, faultSchema, targetTitle } from './descriptor.ts';
import { recordFault } from './record.ts';

export interface PauseStep extends StepBase {
  type: 'fault';
  fault: 'pause';
  target: TargetRef;
}

export const pause = defineFault<PauseStep>()({
  kind: 'pause',
  summary: "freeze every process of the node's container (docker pause) until `resume` or `heal`",
  example: '{fault: pause, target: primary}',
  schema: faultSchema('pause', { target: targetSchema }),
  resolve: (raw, base): PauseStep => ({ ...faultBase('pause', base), target: raw.target }),
  targets: (step) => [{ path: ['target'], ref: step.target, scope: 'any' }],
  title: targetTitle,
  async apply(ctx, step) {
    const node = ctx.cluster.resolveAny(step.target);
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
  },
});
