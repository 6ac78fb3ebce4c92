/**
 * Steps as written in a scenario file: `wait`, `fault` or `procedure`, each kind with exactly
 * the keys the contract's tables give it (see ../../docs/scenario-format.md). Each fault and
 * procedure kind's keys are its descriptor's (../faults/registry.ts, ../procedures/registry.ts).
 */
import { z } from 'zod';
import { FAULT_SCHEMAS } from '../faults/registry.ts';
import { PROCEDURE_SCHEMAS } from '../procedures/registry.ts';
import {
  expectFailureShape,
  positiveDurationSchema,
  durationSchema,
  targetSchema,
} from '../model/schema-primitives.ts';

const sqlText = z.string().min(1, { error: 'write the SQL to run' });

// --- wait ---------------------------------------------------------------------------------

const untilSchema = z.strictObject({
  until: sqlText.describe('SQL that returns true once the wait is over'),
  target: targetSchema,
});

const waitStepSchema = z
  .strictObject({
    wait: z.union([z.literal('converged'), durationSchema, untilSchema], {
      error: 'expected a duration (e.g. 5s, 1m30s), "converged", or {until: SQL, target: NODE}',
    }),
    timeout: positiveDurationSchema.optional().describe('for converged/until; default 30s'),
    ...expectFailureShape,
  })
  .describe('wait for a duration, until every replica replayed the primary, or until SQL returns true');

// --- faults: one schema fragment per kind, from the fault registry ----------------------------

const faultStepSchema = z.discriminatedUnion('fault', FAULT_SCHEMAS);

// --- procedures: one schema fragment per kind, from the procedure registry ----------------------

const procedureStepSchema = z.discriminatedUnion('procedure', PROCEDURE_SCHEMAS);

/** A step is told apart by its one marker key: `wait`, `fault` or `procedure` (see ./zod-issues.ts). */
export const stepSchema = z.union([waitStepSchema, faultStepSchema, procedureStepSchema], {
  error: 'a step is a mapping with exactly one of `wait`, `fault` or `procedure`, e.g. `- wait: 5s`',
});

export type RawStep = z.output<typeof stepSchema>;
