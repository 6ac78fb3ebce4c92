/** heal: undo active faults — all, those of one kind (`of: partition`), or those on one node (`of: replica-1`). */
import type { FaultKind, FaultStep } from '../scenario/model.ts';
import type { RunContext } from '../steps/context.ts';

const KINDS: readonly string[] = [
  'kill',
  'stop',
  'restart',
  'pause',
  'resume',
  'partition',
  'disk-full',
  'lag',
] satisfies FaultKind[];

export async function heal(ctx: RunContext, step: FaultStep): Promise<undefined> {
  const of = step.of;
  let matches: Parameters<typeof ctx.faults.heal>[0];
  if (of === undefined) matches = () => true;
  else if (KINDS.includes(of)) matches = (f) => f.kind === of;
  else {
    const node = ctx.cluster.resolve(of).name;
    matches = (f) => f.nodes.includes(node);
  }
  const healed = await ctx.faults.heal(matches);
  ctx.recorder.event(
    'fault',
    healed.length
      ? `heal${of ? ` ${of}` : ''}: ${healed.length} fault(s) undone`
      : `heal${of ? ` ${of}` : ''}: nothing to undo`,
  );
  return undefined;
}
