/**
 * backup: pg_dump, pg_basebackup or pgBackRest, named so restore and pitr steps can use it.
 * pg_basebackup takes incremental backups too (PostgreSQL 17's --incremental), each building on
 * the pg_basebackup backup before it; restores combine the chain with pg_combinebackup.
 */
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

/** The backup types each method takes: pg_basebackup's incremental backups have no differential kind. */
const BACKUP_TYPES: Record<BackupMethod, readonly string[]> = {
  pg_dump: [],
  pg_basebackup: ['full', 'incr'],
  pgbackrest: ['full', 'incr', 'diff'],
};

const schema = procedureSchema('backup', {
  method: z.enum(['pg_dump', 'pg_basebackup', 'pgbackrest']),
  name: referenceNameSchema.optional().describe('how restore and pitr steps refer to it; default METHOD-STEP'),
  format: z
    .enum(['custom', 'tar', 'plain'])
    .optional()
    .describe('pg_dump: custom; pg_basebackup: tar (default) or plain'),
  compress: z.boolean().optional().describe('pg_dump -Z 6, pg_basebackup -z (tar only); pgBackRest always compresses'),
  type: z
    .enum(['full', 'incr', 'diff'])
    .optional()
    .describe(
      'default full; incr builds on the backup of the same method before it (pg_basebackup: PostgreSQL 17 or later, --incremental); diff: pgbackrest only',
    ),
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
  if (step.type !== undefined && !BACKUP_TYPES[step.method].includes(step.type)) {
    ctx.addIssue({
      code: 'custom',
      path: ['type'],
      message:
        step.method === 'pg_dump'
          ? 'a pg_dump backup is always whole: type (full, incr, diff) goes with pg_basebackup or pgbackrest'
          : `${step.method} takes type ${BACKUP_TYPES[step.method].join(' or ')}, not ${step.type}`,
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
    ...present('backupType', raw.type ?? (raw.method === 'pg_dump' ? undefined : 'full')),
  }),
  targets: () => [],
  check: (step, { major }) =>
    step.method === 'pg_basebackup' && step.backupType === 'incr' && major < 17
      ? [
          {
            path: ['type'],
            message: `incremental pg_basebackup (--incremental, pg_combinebackup) came with PostgreSQL 17; this scenario runs ${major}: write topology.postgres.version: 17 or 18`,
          },
        ]
      : [],
  title: (step) =>
    `procedure backup ${step.method} ${step.name}${step.backupType && step.backupType !== 'full' ? ` (${step.backupType})` : ''}`,
  async apply(ctx, step) {
    const { backup: run } = await import('../backup.ts');
    return run(ctx, step);
  },
});
