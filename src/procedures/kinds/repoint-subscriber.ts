/**
 * repoint-subscriber: after a failover or switchover, the subscription is pointed at the current
 * primary (ALTER SUBSCRIPTION … CONNECTION), as an operator's runbook does; it must stream again
 * from its slot there and hold exactly the primary's rows: none missing, none the primary lacks,
 * no apply error; with a failover slot, every live standby must hold a ready copy of it again.
 */
import { z } from 'zod';
import type { StepBase } from '../../model/model.ts';
import { parseDuration } from '../../model/duration.ts';
import { positiveDurationSchema } from '../../model/schema-primitives.ts';
import { defineProcedure, procedureBase, procedureSchema } from '../descriptor.ts';
import type { RepointSubscriberStep } from '../steps.ts';

const DEFAULT_TIMEOUT_MS = 30_000;

export const repointSubscriber = defineProcedure<RepointSubscriberStep>()({
  kind: 'repoint-subscriber',
  summary:
    'point the logical subscription at the current primary; the subscriber must then stream from its slot and hold exactly the primary’s rows, and each standby a failover-ready copy of a failover slot',
  schema: procedureSchema('repoint-subscriber', {
    timeout: positiveDurationSchema.optional().describe('how long the subscriber may take to catch up; default 30s'),
    standbyCopies: z
      .boolean()
      .optional()
      .describe(
        'with a failover slot, also require a failover-ready copy on every live standby (the next failover’s cover); default true',
      ),
  }),
  resolve: (raw, base) => ({
    ...procedureBase('repoint-subscriber', base),
    timeoutMs: raw.timeout === undefined ? DEFAULT_TIMEOUT_MS : parseDuration(raw.timeout),
    standbyCopies: raw.standbyCopies ?? true,
  }),
  targets: () => [],
  title: () => 'procedure repoint-subscriber primary',
  async apply(ctx, step) {
    const { repointSubscriber: run } = await import('../subscriber.ts');
    return run(ctx, step);
  },
});
