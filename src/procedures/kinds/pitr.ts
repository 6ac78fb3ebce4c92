/** pitr: a physical backup restored into a fresh node and replayed from the archive to a target. */
import { z } from 'zod';
import type { StepBase } from '../../model/model.ts';
import { referenceNameSchema } from '../../model/schema-primitives.ts';
import { defineProcedure, present, procedureBase, procedureSchema } from '../descriptor.ts';
import type { PitrStep } from '../steps.ts';

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

export const pitr = defineProcedure<PitrStep>()({
  kind: 'pitr',
  summary: 'restore a physical backup into a fresh node and replay the archive to a mark, then judge its data',
  schema: procedureSchema('pitr', {
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
  resolve: (raw, base) => ({
    ...procedureBase('pitr', base),
    target: { ...present('mark', raw.target.mark), by: raw.target.by },
    ...present('from', raw.from),
    action: raw.action ?? 'pause',
    inclusive: raw.inclusive ?? true,
  }),
  targets: () => [],
  title: ({ target, from }) =>
    `procedure pitr${from ? ` from ${from}` : ''} to ${target.mark ? `mark ${target.mark} by ${target.by}` : target.by}`,
  async apply(ctx, step) {
    const { pitr: run } = await import('../pitr.ts');
    return run(ctx, step);
  },
});
