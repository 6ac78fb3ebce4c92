/** The nemesis: every fault kind pgdrill can inject, each a handler that returns the node it hit. */
import type { FaultKind, FaultStep } from '../scenario/model.ts';
import type { RunContext } from '../steps/context.ts';
import { kill } from './kill.ts';
import { restart, stop } from './postgres-process.ts';
import { pause, resume } from './freeze.ts';
import { partition } from './partition.ts';
import { diskFull } from './disk-full.ts';
import { lag } from './lag.ts';
import { heal } from './heal.ts';

export type FaultHandler = (ctx: RunContext, step: FaultStep) => Promise<string | undefined>;

export const FAULTS: Record<FaultKind, FaultHandler> = {
  kill,
  stop,
  restart,
  pause,
  resume,
  partition,
  'disk-full': diskFull,
  lag,
  heal,
};
