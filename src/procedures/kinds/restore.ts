/** restore: an earlier backup into a fresh node, whose data is then judged against the backup's. */
import type { StepBase } from '../../model/model.ts';
import { referenceNameSchema } from '../../model/schema-primitives.ts';
import { defineProcedure, procedureBase, procedureSchema } from '../descriptor.ts';
import type { RestoreStep } from '../steps.ts';

export const restore = defineProcedure<RestoreStep>()({
  kind: 'restore',
  summary: 'restore an earlier backup into a fresh node and prove it holds exactly the backed-up data',
  schema: procedureSchema('restore', { from: referenceNameSchema.describe('the name of an earlier backup') }),
  resolve: (raw, base) => ({ ...procedureBase('restore', base), from: raw.from }),
  targets: () => [],
  title: (step) => `procedure restore from ${step.from}`,
  async apply(ctx, step) {
    const { restore: run } = await import('../restore.ts');
    return run(ctx, step);
  },
});
