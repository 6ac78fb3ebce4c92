/** What failover and switchover share: how the promotion happens, and which replica. */
import { z } from 'zod';
import type { StepBase, TargetRef } from '../../model/model.ts';
import { parseDuration } from '../../model/duration.ts';
import { positiveDurationSchema, targetSchema } from '../../model/schema-primitives.ts';
import type { NodeRef } from '../../model/step-kind.ts';
import { type ProcedureResolveContext, filePath, present, procedureBase, procedureSchema } from '../descriptor.ts';
import type { RoleChangeStep } from '../steps.ts';

export function roleChangeSchema<Kind extends 'failover' | 'switchover'>(kind: Kind) {
  return procedureSchema(kind, {
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
}

type RawRoleChange = z.output<ReturnType<typeof roleChangeSchema>>;

export function resolveRoleChange<Kind extends 'failover' | 'switchover'>(
  kind: Kind,
  raw: RawRoleChange,
  base: StepBase,
  { relativeToScenario, patroni }: ProcedureResolveContext,
): RoleChangeStep<Kind> {
  const common = {
    ...procedureBase(kind, base),
    ...present('candidate', raw.candidate),
    ...present('promotionTimeoutMs', raw.timeout === undefined ? undefined : parseDuration(raw.timeout)),
  };
  const method = raw.method ?? (patroni ? 'patroni' : 'promote');
  if (method !== 'script') return { ...common, method };
  // the schema above refuses method: script without a file
  if (raw.file === undefined) throw new Error(`${kind} method: script resolved without a file`);
  return { ...common, method, file: relativeToScenario(raw.file), ...present('args', raw.args) };
}

export const roleChangeTargets = (step: { candidate?: TargetRef }): NodeRef[] =>
  step.candidate === undefined ? [] : [{ path: ['candidate'], ref: step.candidate, scope: 'postgres' }];

export const candidateNotPrimary = (step: { candidate?: TargetRef }) =>
  step.candidate === 'primary'
    ? [{ path: ['candidate'], message: 'the candidate is the replica to promote, not the primary' }]
    : [];
