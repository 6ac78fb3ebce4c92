/** sql: one statement an operator (or an accident) runs on a node, in the workload's database. */
import type { StepBase, TargetRef } from '../../model/model.ts';
import { targetSchema } from '../../model/schema-primitives.ts';
import { defineProcedure, procedureBase, procedureSchema, sqlText } from '../descriptor.ts';
import type { SqlStep } from '../steps.ts';

export const sql = defineProcedure<SqlStep>()({
  kind: 'sql',
  summary: "run one SQL statement on a node, in the workload's database",
  schema: procedureSchema('sql', { target: targetSchema, sql: sqlText }),
  resolve: (raw, base) => ({ ...procedureBase('sql', base), target: raw.target, sql: raw.sql }),
  targets: (step) => [{ path: ['target'], ref: step.target, scope: 'postgres' }],
  title: (step) => `procedure sql ${step.target}`,
  async apply(ctx, step) {
    const { sql: run } = await import('../sql.ts');
    return run(ctx, step);
  },
});
