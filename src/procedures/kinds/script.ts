/** script: the team's own runbook, run on a node; it may claim to recover that node to a mark. */
import { z } from 'zod';
import type { StepBase, TargetRef } from '../../model/model.ts';
import { referenceNameSchema, targetSchema } from '../../model/schema-primitives.ts';
import { defineProcedure, filePath, present, procedureBase, procedureSchema } from '../descriptor.ts';
import type { ScriptStep } from '../steps.ts';

export const script = defineProcedure<ScriptStep>()({
  kind: 'script',
  summary: "run the team's runbook on a node (PostgreSQL or not); optionally prove it recovered the node to a mark",
  schema: procedureSchema('script', {
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
  resolve: (raw, base, { relativeToScenario }) => ({
    ...procedureBase('script', base),
    target: raw.target,
    file: relativeToScenario(raw.file),
    ...present('args', raw.args),
    ...present('recovers', raw.recovers),
  }),
  // a runbook may well run on PgBouncer or an etcd member
  targets: (step) => [{ path: ['target'], ref: step.target, scope: 'any' }],
  title: (step) => `procedure script ${step.file.split('/').pop()} on ${step.target}`,
  async apply(ctx, step) {
    const { script: run } = await import('../script.ts');
    return run(ctx, step);
  },
});
