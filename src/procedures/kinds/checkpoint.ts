/** checkpoint: CHECKPOINT on a node (the primary by default). */
import type { StepBase, TargetRef } from '../../model/model.ts';
import { targetSchema } from '../../model/schema-primitives.ts';
import { defineProcedure, procedureBase, procedureSchema } from '../descriptor.ts';
import type { CheckpointStep } from '../steps.ts';

export const checkpoint = defineProcedure<CheckpointStep>()({
  kind: 'checkpoint',
  summary: 'CHECKPOINT on a node (default: the primary)',
  schema: procedureSchema('checkpoint', { target: targetSchema.optional().describe('default: primary') }),
  resolve: (raw, base) => ({ ...procedureBase('checkpoint', base), target: raw.target ?? 'primary' }),
  targets: (step) => [{ path: ['target'], ref: step.target, scope: 'postgres' }],
  title: (step) => `procedure checkpoint ${step.target}`,
  async apply(ctx, step) {
    const { checkpoint: run } = await import('../sql.ts');
    return run(ctx, step);
  },
});
