/** Value types shared across the scenario schema: durations, sizes, percentages, node references, bounds. */
import { z } from 'zod';
import { DURATION_EXAMPLES, DURATION_PATTERN, parseDuration } from './duration.ts';
import { PERCENT_PATTERN, parsePercent } from './percent.ts';
import { SIZE_EXAMPLES, SIZE_PATTERN, parseSize } from './size.ts';

interface DurationLimits {
  positive: boolean;
  /** inclusive limits, as duration text (e.g. `50ms`, `10s`) so messages say them as written */
  min?: string;
  max?: string;
}

/** `5s`, `500ms`, `1m30s`… kept as text here; the loader converts to milliseconds. */
function durationText({ positive, min, max }: DurationLimits) {
  const minMs = min === undefined ? undefined : parseDuration(min);
  const maxMs = max === undefined ? undefined : parseDuration(max);
  return z
    .string({
      error: (issue) => (isPlainAmount(issue.input) ? `add a unit (h, m, s, ms), e.g. ${issue.input}s` : undefined),
    })
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
      if (positive && ms === 0) ctx.addIssue({ code: 'custom', message: 'must be longer than 0', input: text });
      else if (minMs !== undefined && ms < minMs)
        ctx.addIssue({ code: 'custom', message: `must be at least ${min}`, input: text });
      else if (maxMs !== undefined && ms > maxMs)
        ctx.addIssue({ code: 'custom', message: `must be at most ${max}`, input: text });
    })
    .meta({ pattern: DURATION_PATTERN, description: `a duration, e.g. ${DURATION_EXAMPLES}` });
}

/** `timeout: 30` — a number where a duration belongs; worth a precise hint. */
function isPlainAmount(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0 && value < 1e9;
}

export const durationSchema = durationText({ positive: false });
export const positiveDurationSchema = durationText({ positive: true });

/** A duration from `min` to `max` inclusive, e.g. `durationBetween('50ms', '10s')`. */
export const durationBetween = (min: string, max: string) => durationText({ positive: true, min, max });

/** A percentage: a number from 0 to 100 or text such as `5%`; the loader converts to a number. */
export const percentSchema = z.union(
  [
    z.number().min(0).max(100),
    z
      .string()
      .superRefine((text, ctx) => addIssueIfThrows(ctx, text, () => parsePercent(text)))
      .meta({ pattern: PERCENT_PATTERN, description: 'a percentage, e.g. 5%' }),
  ],
  { error: 'expected a percentage from 0 to 100, e.g. 5 or 5%' },
);

/** Size text, PostgreSQL-style (`512kB`, `16MB`, kB = 1024 bytes); the loader converts to bytes. */
const sizeText = z
  .string()
  .superRefine((text, ctx) => addIssueIfThrows(ctx, text, () => parseSize(text)))
  .meta({ pattern: SIZE_PATTERN, description: `a size, e.g. ${SIZE_EXAMPLES} (kB = 1024 bytes)` });

/** A number of bytes, or a size such as `16MB`. */
export const sizeSchema = z.union([z.number().min(0), sizeText], {
  error: `expected a number of bytes or a size such as ${SIZE_EXAMPLES}`,
});

function addIssueIfThrows(ctx: z.RefinementCtx, input: string, parse: () => unknown): void {
  try {
    parse();
  } catch (error) {
    ctx.addIssue({ code: 'custom', message: (error as Error).message, input });
  }
}

/** A role (`primary`, `replica`, `replica-2`) or a node name (`pg-2`, `etcd-1`, `pgbouncer`); checked against the topology by the loader. */
export const targetSchema = z
  .string()
  .min(1, { error: 'name a node or a role, e.g. primary, replica-1, pg-2' })
  .describe('a role (primary, replica, replica-N) or a node name (pg-N, etcd-N, pgbouncer, haproxy)');

/** A name other steps refer to (a backup, a mark). */
export const referenceNameSchema = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_.-]*$/, {
  error: 'use letters, digits, ".", "_" and "-", starting with a letter or digit',
});

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

/** Bytes of a size that passed `sizeSchema`'s own checks; undefined for anything else. */
function bytesOf(value: unknown): number | undefined {
  if (typeof value === 'number') return value;
  try {
    return typeof value === 'string' ? parseSize(value) : undefined;
  } catch {
    return undefined;
  }
}

const sizeRangeSchema = z
  .strictObject({ min: sizeSchema.optional(), max: sizeSchema.optional() })
  .refine((bound) => bound.min !== undefined || bound.max !== undefined, { error: 'state min, max or both' })
  .refine(
    (bound) => {
      const [min, max] = [bytesOf(bound.min), bytesOf(bound.max)];
      return min === undefined || max === undefined || min <= max;
    },
    { error: 'min is greater than max' },
  );

/** A bound on bytes: a bare number or size (`16MB`) is an upper bound; `{min, max}` takes either form for each. */
export const sizeBoundSchema = z.union([z.number().min(0), sizeText, sizeRangeSchema], {
  error: `expected a size (a number of bytes, or e.g. ${SIZE_EXAMPLES}) as an upper bound, or {min: X, max: Y}`,
});

/** A fault step may say it is best effort, as a chaos schedule's are (StepBase.bestEffort). */
export const bestEffortShape = {
  bestEffort: z
    .boolean()
    .optional()
    .describe(
      'a fault that cannot be applied right now (its target gone) is recorded as not applied, and the drill goes on',
    ),
};

/** Every step may say that it is expected to fail. */
export const expectFailureShape = {
  expectFailure: z
    .boolean()
    .optional()
    .describe('the step is expected to fail; its failure then does not fail the drill'),
};
