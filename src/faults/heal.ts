/** heal: undo active faults — all, those of one kind (`of: partition`), or those on one node (`of: replica-1`). */
import { z } from 'zod';
import type { StepBase, TargetRef } from '../model/model.ts';
import { quote } from '../model/wording.ts';
import { defineFault, faultBase, faultSchema } from './descriptor.ts';

export interface HealStep extends StepBase {
  type: 'fault';
  fault: 'heal';
  /** what `of` names, told apart once: every fault, the faults of one kind, or those on one node */
  of: { kind: 'all' } | { kind: 'fault'; fault: string } | { kind: 'node'; node: TargetRef };
}

/** The kinds `of` may name: every fault kind but heal itself. */
const healable = (faultKinds: readonly string[]) => faultKinds.filter((kind) => kind !== 'heal');

const written = (of: HealStep['of']): string => (of.kind === 'all' ? '' : of.kind === 'fault' ? of.fault : of.node);

export const heal = defineFault<HealStep>()({
  kind: 'heal',
  summary: 'undo the faults in force: all, those of one kind (`of: partition`) or those on one node (`of: replica-1`)',
  example: '{fault: heal, of: partition}',
  schema: faultSchema('heal', {
    of: z.string().min(1).optional().describe('a fault kind or a node; all active faults when omitted'),
  }),
  resolve: (raw, base, { faultKinds }): HealStep => ({
    ...faultBase('heal', base),
    of:
      raw.of === undefined
        ? { kind: 'all' }
        : healable(faultKinds).includes(raw.of)
          ? { kind: 'fault', fault: raw.of }
          : { kind: 'node', node: raw.of },
  }),
  // `of` is checked below, with a message that names both what it may be
  targets: () => [],
  check(step, { known, faultKinds }) {
    if (step.of.kind !== 'node' || known.all.includes(step.of.node)) return [];
    const kinds = healable(faultKinds).join(', ');
    return [
      {
        path: ['of'],
        message: `${quote(step.of.node)} is neither a fault kind (${kinds}) nor a node (${known.all.join(', ')})`,
      },
    ];
  },
  title: () => 'fault heal',
  async apply(ctx, step) {
    const { of } = step;
    const matches: Parameters<typeof ctx.faults.heal>[0] =
      of.kind === 'all'
        ? () => true
        : of.kind === 'fault'
          ? (f) => f.kind === of.fault
          : (
              (node) => (f) =>
                f.nodes.includes(node)
            )(ctx.cluster.resolve(of.node).name);
    const healed = await ctx.faults.heal(matches);
    const what = of.kind === 'all' ? 'heal' : `heal ${written(of)}`;
    ctx.recorder.event(
      'fault',
      healed.length ? `${what}: ${healed.length} fault(s) undone` : `${what}: nothing to undo`,
    );
    return undefined;
  },
});
