/** mark: a named point in time (time, xid, lsn, restore point) that pitr and runbooks recover to. */
import type { StepBase } from '../../model/model.ts';
import { referenceNameSchema } from '../../model/schema-primitives.ts';
import { defineProcedure, procedureBase, procedureSchema } from '../descriptor.ts';
import type { MarkStep } from '../steps.ts';

export const mark = defineProcedure<MarkStep>()({
  kind: 'mark',
  summary: 'record a named point (time, xid, LSN, restore point) and the data at it, to recover to later',
  schema: procedureSchema('mark', { name: referenceNameSchema }),
  resolve: (raw, base) => ({ ...procedureBase('mark', base), name: raw.name }),
  targets: () => [],
  title: (step) => `procedure mark ${step.name}`,
  async apply(ctx, step) {
    const { mark: run } = await import('../mark.ts');
    return run(ctx, step);
  },
});
