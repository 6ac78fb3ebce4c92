/** switch-wal: pg_switch_wal() on a node (the primary by default), closing the current segment. */
import type { StepBase, TargetRef } from '../../model/model.ts';
import { targetSchema } from '../../model/schema-primitives.ts';
import { defineProcedure, procedureBase, procedureSchema } from '../descriptor.ts';
import type { SwitchWalStep } from '../steps.ts';

export const switchWal = defineProcedure<SwitchWalStep>()({
  kind: 'switch-wal',
  summary: 'pg_switch_wal() on a node (default: the primary), so the segment is archived',
  schema: procedureSchema('switch-wal', { target: targetSchema.optional().describe('default: primary') }),
  resolve: (raw, base) => ({ ...procedureBase('switch-wal', base), target: raw.target ?? 'primary' }),
  targets: (step) => [{ path: ['target'], ref: step.target, scope: 'postgres' }],
  title: (step) => `procedure switch-wal ${step.target}`,
  async apply(ctx, step) {
    const { switchWal: run } = await import('../sql.ts');
    return run(ctx, step);
  },
});
