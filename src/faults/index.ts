/** The nemesis: fault kinds pgdrill can inject, each a handler that returns the node it hit. */
import type { FaultKind, FaultStep } from '../scenario/model.ts';
import type { RunContext } from '../run/context.ts';
import { kill } from './kill.ts';

export type FaultHandler = (ctx: RunContext, step: FaultStep) => Promise<string | undefined>;

export const FAULTS: Partial<Record<FaultKind, FaultHandler>> = { kill };
