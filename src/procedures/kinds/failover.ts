/** failover: the primary is gone (or must be given up); a replica is promoted and the rest follow it. */
import { defineProcedure } from '../descriptor.ts';
import { candidateNotPrimary, resolveRoleChange, roleChangeSchema, roleChangeTargets } from './role-change.ts';
import type { FailoverStep } from '../steps.ts';

export const failover = defineProcedure<FailoverStep>()({
  kind: 'failover',
  summary: 'promote a replica (pgdrill, Patroni, a runbook or an external manager) and repoint the others',
  schema: roleChangeSchema('failover'),
  resolve: (raw, base, context) => resolveRoleChange('failover', raw, base, context),
  targets: roleChangeTargets,
  check: candidateNotPrimary,
  title: (step) => `procedure failover ${step.method}`,
  async apply(ctx, step) {
    const { failover: run } = await import('../failover.ts');
    return run(ctx, step);
  },
});
