/** backup: pg_dump, pg_basebackup or pgBackRest, named so restore and pitr steps can use it. */
import { z } from 'zod';
import type { StepBase } from '../../model/model.ts';
import { referenceNameSchema } from '../../model/schema-primitives.ts';
import { defineProcedure, present, procedureBase, procedureSchema } from '../descriptor.ts';
import type { BackupMethod, BackupStep } from '../steps.ts';

/** Which options go with which backup method: pg_dump writes custom-format archives, pg_basebackup tar or plain, pgBackRest its own repository. */
const BACKUP_FORMATS: Record<BackupMethod, readonly string[]> = {
  pg_dump: ['custom'],
  pg_basebackup: ['tar', 'plain'],
  pgbackrest: [],
};

const schema = procedureSchema('backup', {
  method: z.enum(['pg_dump', 'pg_basebackup', 'pgbackrest']),
  name: referenceNameSchema.optional().describe('how restore and pitr steps refer to it; default METHOD-STEP'),
  format: z
    .enum(['custom', 'tar', 'plain'])
    .optional()
    .describe('pg_dump: custom; pg_basebackup: tar (default) or plain'),
  compress: z.boolean().optional().describe('pg_dump -Z 6, pg_basebackup -z (tar only); pgBackRest always compresses'),
  type: z.enum(['full', 'incr', 'diff']).optional().describe('pgbackrest only; default full'),
}).superRefine((step, ctx) => {
  const allowed = BACKUP_FORMATS[step.method];
  if (step.format !== undefined && !allowed.includes(step.format)) {
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

const DEFAULT_FORMAT: Record<BackupMethod, BackupStep['format']> = {
  pg_dump: 'custom',
  pg_basebackup: 'tar',
  pgbackrest: undefined,
};

export const backup = defineProcedure<BackupStep>()({
  kind: 'backup',
  summary: 'take a backup (pg_dump, pg_basebackup or pgBackRest) from the primary, named for later restores',
  schema,
  resolve: (raw, base) => ({
    ...procedureBase('backup', base),
    method: raw.method,
    name: raw.name ?? `${raw.method}-${base.index + 1}`,
    ...present('format', raw.format ?? DEFAULT_FORMAT[raw.method]),
    ...present('compress', raw.compress),
    ...present('backupType', raw.type ?? (raw.method === 'pgbackrest' ? 'full' : undefined)),
  }),
  targets: () => [],
  title: (step) =>
    `procedure backup ${step.method} ${step.name}${step.backupType && step.backupType !== 'full' ? ` (${step.backupType})` : ''}`,
  async apply(ctx, step) {
    const { backup: run } = await import('../backup.ts');
    return run(ctx, step);
  },
});
