/** The one way a fault handler reports that a fault took effect. */
import type { FaultStep } from '../scenario/model.ts';
import type { RunContext } from '../run/context.ts';
import type { PgNode } from '../topology/pg-node.ts';

export function recordFault(
  ctx: RunContext,
  step: FaultStep,
  node: PgNode | undefined,
  message: string,
  options: { atMs?: number; disruptsWrites?: boolean } = {},
): void {
  const atMs = options.atMs ?? ctx.now();
  const disruptsWrites = options.disruptsWrites ?? node?.role === 'primary';
  ctx.recorder.fault({ kind: step.fault, ...(node ? { node: node.name } : {}), atMs, stepIndex: step.index, disruptsWrites }, message);
}
