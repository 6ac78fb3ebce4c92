/**
 * `chaos:` as a scenario file writes it: the nemesis's menu and the shape of its schedules
 * (src/model/chaos.ts). The steps it names (`react`, `finally`) are ordinary steps.
 */
import { z } from 'zod';
import { CHAOS_FAULTS, CHAOS_SELECTORS } from '../model/chaos.ts';
import { durationBetween } from '../model/schema-primitives.ts';
import { stepSchema } from './step-schema.ts';

const rangeOf = <T extends z.ZodType>(value: T) =>
  z.strictObject({ min: value, max: value }).describe('{min, max}, both inclusive');

const chaosFaultSchema = z.strictObject({
  fault: z.enum(CHAOS_FAULTS, {
    error: (issue) =>
      `a schedule draws ${CHAOS_FAULTS.join(', ')} (each heals by itself or needs no healing), not ${JSON.stringify(issue.input)}`,
  }),
  targets: z
    .array(z.string().min(1))
    .min(1, { error: 'give at least one target, e.g. [primary, one]' })
    .describe(
      `what the fault may hit: ${CHAOS_SELECTORS.join(', ')} (primary and replica resolve when it fires; the others are drawn from the node names with the schedule), or a node name`,
    ),
  max: z
    .int()
    .min(1)
    .optional()
    .describe('at most this many of this fault in one schedule (e.g. 1 for a kill, which is for good)'),
  mode: z.enum(['fast', 'immediate', 'smart']).optional().describe('restart: the pg_ctl shutdown mode; default fast'),
  clients: z.boolean().optional().describe('partition: also cut the workload off the isolated side'),
  oneWay: z
    .boolean()
    .optional()
    .describe('partition: one-way, the drawn side stops hearing the rest (they still hear it)'),
  react: z
    .array(stepSchema)
    .optional()
    .describe('steps right after this fault, before it is healed: how operators react (e.g. a failover procedure)'),
});

export const chaosSchema = z
  .strictObject({
    faults: z.array(chaosFaultSchema).min(1, { error: 'give the faults a schedule may draw' }),
    count: rangeOf(z.int().min(1).max(50)).optional().describe('faults per schedule; default {min: 1, max: 3}'),
    lasting: rangeOf(durationBetween('100ms', '10m'))
      .optional()
      .describe('how long each fault is in force before the schedule heals it; default {min: 1s, max: 5s}'),
    gap: rangeOf(durationBetween('100ms', '10m'))
      .optional()
      .describe('quiet time before each fault; default {min: 1s, max: 5s}'),
    finally: z
      .array(stepSchema)
      .optional()
      .describe('steps after the last fault; default: heal everything, then wait until converged (60s)'),
  })
  .describe(
    'a generative drill: schedules of faults drawn from a seed (pgdrill explore), each run after `steps` as fixed steps',
  );

export type RawChaos = z.output<typeof chaosSchema>;
