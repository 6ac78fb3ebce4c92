/** rejoin: a former primary (or a lost replica) follows the current primary again. */
import type { StepBase, TargetRef } from '../../model/model.ts';
import { targetSchema } from '../../model/schema-primitives.ts';
import { defineProcedure, procedureBase, procedureSchema } from '../descriptor.ts';
import type { RejoinStep } from '../steps.ts';

export const rejoin = defineProcedure<RejoinStep>()({
  kind: 'rejoin',
  summary: 'bring a former primary or a lost replica back as a replica of the current primary',
  schema: procedureSchema('rejoin', { target: targetSchema }),
  resolve: (raw, base) => ({ ...procedureBase('rejoin', base), target: raw.target }),
  targets: (step) => [{ path: ['target'], ref: step.target, scope: 'postgres' }],
  title: (step) => `procedure rejoin ${step.target}`,
  async apply(ctx, step) {
    const { rejoin: run } = await import('../rejoin.ts');
    return run(ctx, step);
  },
});
