/**
 * Steps as written in a scenario file: `wait`, `fault` or `procedure`, each kind with exactly
 * the keys the contract's tables give it (see ../../shared/spec/scenario-format.md). Each fault
 * kind's keys are its descriptor's (../faults/registry.ts).
 */
import { z } from 'zod';
import { FAULT_SCHEMAS } from '../faults/registry.ts';
import {
  expectFailureShape,
  positiveDurationSchema,
  durationSchema,
  referenceNameSchema,
  targetSchema,
} from './schema-primitives.ts';

const sqlText = z.string().min(1, { error: 'write the SQL to run' });
const filePath = z.string().min(1, { error: 'give a path relative to the scenario file' });

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

// --- procedures ---------------------------------------------------------------------------

function procedure<Kind extends string, Shape extends z.ZodRawShape>(kinds: readonly [Kind, ...Kind[]], shape: Shape) {
  return z.strictObject({ procedure: z.literal(kinds), ...shape, ...expectFailureShape });
}

const roleChange = procedure(['failover', 'switchover'], {
  method: z
    .enum(['promote', 'patroni', 'script', 'external'])
    .optional()
    .describe(
      "promote: pgdrill promotes; patroni: Patroni does; script: the team's runbook does; external: a manager pgdrill does not drive (repmgrd, a team's daemon) does, and pgdrill only waits for it",
    ),
  candidate: targetSchema.optional().describe('the replica to promote; default: the most advanced one'),
  file: filePath
    .optional()
    .describe('method: script — the runbook to run on the candidate, relative to the scenario file'),
  args: z
    .array(z.string())
    .optional()
    .describe("method: script — the runbook's arguments (placeholders as for the script procedure)"),
  timeout: positiveDurationSchema
    .optional()
    .describe(
      'method: script or external — how long the promotion may take to show (after the runbook returns); default 60s',
    ),
}).superRefine((step, ctx) => {
  const waits = step.method === 'script' || step.method === 'external';
  if (step.timeout !== undefined && !waits) {
    ctx.addIssue({
      code: 'custom',
      path: ['timeout'],
      message: '`timeout` goes with method: script or external only',
      input: step,
    });
  }
  if (step.method === 'external' && step.candidate !== undefined) {
    ctx.addIssue({
      code: 'custom',
      path: ['candidate'],
      message: 'method: external waits for whichever replica the other manager promotes; it takes no candidate',
      input: step,
    });
  }
  if (step.method === 'script' && step.file === undefined) {
    ctx.addIssue({
      code: 'custom',
      path: ['file'],
      message: 'method: script needs `file`: the runbook to run',
      input: step,
    });
  } else if (step.method !== 'script' && step.file !== undefined) {
    ctx.addIssue({ code: 'custom', path: ['file'], message: '`file` goes with method: script only', input: step });
  }
  if (step.method !== 'script' && step.args !== undefined) {
    ctx.addIssue({ code: 'custom', path: ['args'], message: '`args` go with method: script only', input: step });
  }
});

const pitrTargetSchema = z
  .strictObject({
    mark: referenceNameSchema.optional(),
    by: z.enum(['time', 'xid', 'lsn', 'name', 'immediate']),
  })
  .superRefine((target, ctx) => {
    if (target.by !== 'immediate' && target.mark === undefined) {
      ctx.addIssue({
        code: 'custom',
        path: ['mark'],
        message: `by: ${target.by} needs \`mark\`: the mark to recover to`,
        input: target,
      });
    } else if (target.by === 'immediate' && target.mark !== undefined) {
      ctx.addIssue({
        code: 'custom',
        path: ['mark'],
        message: 'by: immediate recovers to the end of the backup; it takes no mark',
        input: target,
      });
    }
  });

/** Which options go with which backup method: pg_dump writes custom-format archives, pg_basebackup tar or plain, pgBackRest its own repository. */
const BACKUP_FORMATS: Record<string, readonly string[]> = {
  pg_dump: ['custom'],
  pg_basebackup: ['tar', 'plain'],
  pgbackrest: [],
};

const backupStep = procedure(['backup'], {
  method: z.enum(['pg_dump', 'pg_basebackup', 'pgbackrest']),
  name: referenceNameSchema.optional().describe('how restore and pitr steps refer to it; default METHOD-STEP'),
  format: z
    .enum(['custom', 'tar', 'plain'])
    .optional()
    .describe('pg_dump: custom; pg_basebackup: tar (default) or plain'),
  compress: z.boolean().optional().describe('pg_dump -Z 6, pg_basebackup -z (tar only); pgBackRest always compresses'),
  type: z.enum(['full', 'incr', 'diff']).optional().describe('pgbackrest only; default full'),
}).superRefine((step, ctx) => {
  if (step.format !== undefined && !BACKUP_FORMATS[step.method]!.includes(step.format)) {
    const allowed = BACKUP_FORMATS[step.method]!;
    ctx.addIssue({
      code: 'custom',
      path: ['format'],
      message: allowed.length
        ? `${step.method} writes ${allowed.join(' or ')}, not ${step.format}`
        : `${step.method} takes no format`,
      input: step,
    });
  }
  if (step.type !== undefined && step.method !== 'pgbackrest') {
    ctx.addIssue({
      code: 'custom',
      path: ['type'],
      message: 'type (full, incr, diff) goes with method: pgbackrest only',
      input: step,
    });
  }
  if (step.compress && step.method === 'pg_basebackup' && step.format === 'plain') {
    ctx.addIssue({
      code: 'custom',
      path: ['compress'],
      message: 'pg_basebackup compresses tar format only',
      input: step,
    });
  }
});

const procedureStepSchema = z.discriminatedUnion('procedure', [
  roleChange,
  procedure(['rejoin'], { target: targetSchema }),
  backupStep,
  procedure(['restore'], { from: referenceNameSchema.describe('the name of an earlier backup') }),
  procedure(['mark'], { name: referenceNameSchema }),
  procedure(['pitr'], {
    target: pitrTargetSchema,
    from: referenceNameSchema.optional().describe('a physical backup; default: the latest one before the target'),
    action: z
      .enum(['promote', 'pause', 'shutdown'])
      .optional()
      .describe(
        "recovery_target_action; default pause, PostgreSQL's own default (shutdown: pgdrill reopens the stopped server paused at the target to read it)",
      ),
    inclusive: z.boolean().optional().describe('recovery_target_inclusive; default true, as in PostgreSQL'),
  }),
  procedure(['sql'], { target: targetSchema, sql: sqlText }),
  procedure(['script'], {
    target: targetSchema,
    file: filePath,
    args: z
      .array(z.string(), {
        error: 'expected a list of arguments, e.g. ["{mark.before-delete.time}", "{backup.nightly.path}"]',
      })
      .optional()
      .describe("the runbook's arguments; {mark.NAME.time|xid|lsn|name} and {backup.NAME.path} are filled in"),
    recovers: referenceNameSchema
      .optional()
      .describe(
        "a mark the runbook claims to recover the node to: afterwards PostgreSQL must run there and hold exactly the mark's data",
      ),
  }),
  procedure(['checkpoint', 'switch-wal'], { target: targetSchema.optional().describe('default: primary') }),
]);

/** A step is told apart by its one marker key: `wait`, `fault` or `procedure` (see ./zod-issues.ts). */
export const stepSchema = z.union([waitStepSchema, faultStepSchema, procedureStepSchema], {
  error: 'a step is a mapping with exactly one of `wait`, `fault` or `procedure`, e.g. `- wait: 5s`',
});

export type RawStep = z.output<typeof stepSchema>;
