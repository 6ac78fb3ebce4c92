/** resume: thaw a node an earlier `pause` froze (heals that pause). */
import type { StepBase, TargetRef } from '../model/model.ts';
import { StepFailedError } from '../errors.ts';
import { targetSchema } from '../model/schema-primitives.ts';
import { defineFault, faultBase, faultSchema, targetTitle } from './descriptor.ts';

export interface ResumeStep extends StepBase {
  type: 'fault';
  fault: 'resume';
  target: TargetRef;
}

export const resume = defineFault<ResumeStep>()({
  kind: 'resume',
  summary: 'thaw a node an earlier `pause` froze',
  example: '{fault: resume, target: primary}',
  schema: faultSchema('resume', { target: targetSchema }),
  resolve: (raw, base): ResumeStep => ({ ...faultBase('resume', base), target: raw.target }),
  targets: (step) => [{ path: ['target'], ref: step.target, scope: 'any' }],
  title: targetTitle,
  async apply(ctx, step) {
    const node = ctx.cluster.resolveAny(step.target);
    const healed = await ctx.faults.heal((f) => f.kind === 'pause' && f.nodes.includes(node.name));
    if (healed.length === 0) throw new StepFailedError(`resume: ${node.name} is not paused`);
    return node.name;
  },
});
