/** subscribe: a logical subscriber of the workload table, to drill what a failover does to logical replication. */
import { z } from 'zod';
import type { StepBase } from '../../model/model.ts';
import { defineProcedure, procedureBase, procedureSchema } from '../descriptor.ts';
import type { SubscribeStep } from '../steps.ts';

export const subscribe = defineProcedure<SubscribeStep>()({
  kind: 'subscribe',
  summary:
    'start a server of its own that subscribes (logical replication) to the primary’s workload table, with or without a failover slot',
  schema: procedureSchema('subscribe', {
    failover: z
      .boolean()
      .optional()
      .describe(
        'CREATE SUBSCRIPTION … WITH (failover = true) (PostgreSQL 17 and later): standbys with sync_replication_slots keep a copy of its slot; default true',
      ),
  }),
  resolve: (raw, base) => ({ ...procedureBase('subscribe', base), failover: raw.failover ?? true }),
  targets: () => [],
  check: (step, { major }) =>
    step.failover && major < 17
      ? [
          {
            path: ['failover'],
            message: `failover slots (CREATE SUBSCRIPTION … WITH (failover = true), sync_replication_slots) came with PostgreSQL 17; this scenario runs ${major}: write failover: false, or topology.postgres.version: 17 or 18`,
          },
        ]
      : [],
  title: (step) => `procedure subscribe${step.failover ? ' (failover slot)' : ''}`,
  async apply(ctx, step) {
    const { subscribe: run } = await import('../subscriber.ts');
    return run(ctx, step);
  },
});
