/** Value types shared across the scenario schema: durations, node references, bounds. */
import { z } from 'zod';
import { DURATION_EXAMPLES, DURATION_PATTERN, parseDuration } from './duration.ts';

/** `5s`, `500ms`, `1m30s`… kept as text here; the loader converts to milliseconds. */
function durationText(options: { positive: boolean }) {
  return z
    .string({ error: (issue) => (isPlainAmount(issue.input) ? `add a unit (h, m, s, ms), e.g. ${issue.input}s` : undefined) })
    .min(1, { error: `write a duration, e.g. ${DURATION_EXAMPLES}` })
    .superRefine((text, ctx) => {
      if (text === '') return; // reported by min()
      let ms: number;
      try {
        ms = parseDuration(text);
      } catch (error) {
        ctx.addIssue({ code: 'custom', message: (error as Error).message, input: text });
        return;
      }
      if (options.positive && ms === 0) ctx.addIssue({ code: 'custom', message: 'must be longer than 0', input: text });
    })
    .meta({ pattern: DURATION_PATTERN, description: `a duration, e.g. ${DURATION_EXAMPLES}` });
}

/** `timeout: 30` — a number where a duration belongs; worth a precise hint. */
function isPlainAmount(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0 && value < 1e9;
}

export const durationSchema = durationText({ positive: false });
export const positiveDurationSchema = durationText({ positive: true });

/** A role (`primary`, `replica`, `replica-2`) or a node name (`pg-2`, `etcd-1`, `pgbouncer`); checked against the topology by the loader. */
export const targetSchema = z
  .string()
  .min(1, { error: 'name a node or a role, e.g. primary, replica-1, pg-2' })
  .describe('a role (primary, replica, replica-N) or a node name (pg-N, etcd-N, pgbouncer, haproxy)');

/** A name other steps refer to (a backup, a mark). */
export const referenceNameSchema = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9_.-]*$/, { error: 'use letters, digits, ".", "_" and "-", starting with a letter or digit' });

export const boundRangeSchema = z
  .strictObject({ min: z.number().optional(), max: z.number().optional() })
  .refine((bound) => bound.min !== undefined || bound.max !== undefined, { error: 'state min, max or both' })
  .refine((bound) => bound.min === undefined || bound.max === undefined || bound.min <= bound.max, {
    error: 'min is greater than max',
  });

/** A bare number is an upper bound; `{min, max}` states either or both. */
export const boundSchema = z.union([z.number().min(0), boundRangeSchema], {
  error: 'expected a number (an upper bound) or {min: X, max: Y}',
});

/** Every step may say that it is expected to fail. */
export const expectFailureShape = {
  expectFailure: z.boolean().optional().describe('the step is expected to fail; its failure then does not fail the drill'),
};
