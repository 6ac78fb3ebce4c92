/** switchover: a planned role change — the primary steps down cleanly and a replica takes over. */
import { defineProcedure } from '../descriptor.ts';
import { candidateNotPrimary, resolveRoleChange, roleChangeSchema, roleChangeTargets } from './role-change.ts';
import type { SwitchoverStep } from '../steps.ts';

export const switchover = defineProcedure<SwitchoverStep>()({
  kind: 'switchover',
  summary: 'planned role change: the primary steps down cleanly, a replica is promoted, the old primary follows',
  schema: roleChangeSchema('switchover'),
  resolve: (raw, base, context) => resolveRoleChange('switchover', raw, base, context),
  targets: roleChangeTargets,
  check: candidateNotPrimary,
  title: (step) => `procedure switchover ${step.method}`,
  async apply(ctx, step) {
    const { switchover: run } = await import('../switchover.ts');
    return run(ctx, step);
  },
});
