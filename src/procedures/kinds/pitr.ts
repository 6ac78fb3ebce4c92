/** pitr: a physical backup restored into a fresh node and replayed from the archive to a target. */
import { z } from 'zod';
import type { StepBase } from '../../model/model.ts';
import { referenceNameSchema } from '../../model/schema-primitives.ts';
import { defineProcedure, present, procedureBase, procedureSchema } from '../descriptor.ts';
import type { PitrStep } from '../steps.ts';

const pitrTargetSchema = z
  .strictObject({
    mark: referenceNameSchema.optional(),
    by: z.enum(['time', 'xid', 'lsn', 'name', 'immediate', 'latest']),
  })
  .superRefine((target, ctx) => {
    const markless = target.by === 'immediate' || target.by === 'latest';
    if (!markless && target.mark === undefined) {
      ctx.addIssue({
        code: 'custom',
        path: ['mark'],
        message: `by: ${target.by} needs \`mark\`: the mark to recover to`,
        input: target,
      });
    } else if (markless && target.mark !== undefined) {
      ctx.addIssue({
        code: 'custom',
        path: ['mark'],
        message:
          target.by === 'immediate'
            ? 'by: immediate recovers to the end of the backup; it takes no mark'
            : 'by: latest replays everything the archive holds; it takes no mark',
        input: target,
      });
    }
  });

export const pitr = defineProcedure<PitrStep>()({
  kind: 'pitr',
  summary:
    'restore a physical backup into a fresh node and replay the archive to a mark (or to its end: `by: latest`), then judge its data',
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
    switch_wal: z
      .boolean()
      .optional()
      .describe(
        'pg_switch_wal() on the live primary first and wait until the segment is archived; default true (recovery correctness). false: the archive as it stands, e.g. after the server was lost (archive-only RPO)',
      ),
  }).superRefine((step, ctx) => {
    // Without a target PostgreSQL promotes at the archive's end: an action or inclusive would be ignored.
    if (step.target.by !== 'latest') return;
    for (const key of ['action', 'inclusive'] as const) {
      if (step[key] === undefined) continue;
      ctx.addIssue({
        code: 'custom',
        path: [key],
        message: `by: latest has no recovery target, so no ${key === 'action' ? 'recovery_target_action' : 'recovery_target_inclusive'}: the server promotes at the archive's end`,
        input: step,
      });
    }
  }),
  resolve: (raw, base) => ({
    ...procedureBase('pitr', base),
    target: { ...present('mark', raw.target.mark), by: raw.target.by },
    ...present('from', raw.from),
    action: raw.target.by === 'latest' ? 'promote' : (raw.action ?? 'pause'),
    inclusive: raw.inclusive ?? true,
    switchWal: raw.switch_wal ?? true,
  }),
  targets: () => [],
  title: ({ target, from, switchWal }) =>
    `procedure pitr${from ? ` from ${from}` : ''} to ${target.mark ? `mark ${target.mark} by ${target.by}` : target.by}${switchWal ? '' : ' (the archive as it stands)'}`,
  async apply(ctx, step) {
    const { pitr: run } = await import('../pitr.ts');
    return run(ctx, step);
  },
});
