import type { BackupRecord } from '../evidence/recovery-evidence.ts';

/** What a method hands back; the common fields are filled in by `backup`. */
export type MethodResult = Omit<
  BackupRecord,
  'name' | 'method' | 'stepIndex' | 'node' | 'startedAtMs' | 'completedAtMs'
>;
