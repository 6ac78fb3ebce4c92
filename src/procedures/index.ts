/** Procedures: what operators do. Each handler returns the node it acted on. */
import type { ProcedureKind, ProcedureStep } from '../scenario/model.ts';
import type { RunContext } from '../steps/context.ts';
import { failover } from './failover.ts';
import { switchover } from './switchover.ts';
import { rejoin } from './rejoin.ts';
import { checkpoint, sql, switchWal } from './sql.ts';
import { backup } from './backup.ts';
import { restore } from './restore.ts';
import { mark } from './mark.ts';
import { pitr } from './pitr.ts';
import { script } from './script.ts';

export type ProcedureHandler = (ctx: RunContext, step: ProcedureStep) => Promise<string | undefined>;

export const PROCEDURES: Record<ProcedureKind, ProcedureHandler> = {
  failover,
  switchover,
  rejoin,
  sql,
  checkpoint,
  'switch-wal': switchWal,
  backup,
  restore,
  mark,
  pitr,
  script,
};
