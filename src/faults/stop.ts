/**
 * stop: PostgreSQL's own shutdown (pg_ctl -m fast|immediate|smart) inside a node that stays up,
 * so its log and data remain for the evidence. The stop holds until healed.
 */
import { z } from 'zod';
import type { StepBase, TargetRef } from '../model/model.ts';
import { targetSchema } from '../model/schema-primitives.ts';
import { defineFault, faultBase, faultSchema, targetTitle } from './descriptor.ts';
import { recordFault } from './record.ts';

export const SHUTDOWN_MODES = ['fast', 'immediate', 'smart'] as const;
export type ShutdownMode = (typeof SHUTDOWN_MODES)[number];

export interface StopStep extends StepBase {
  type: 'fault';
  fault: 'stop';
  target: TargetRef;
  /** @default 'fast' */
  mode: ShutdownMode;
}

export const stop = defineFault<StopStep>()({
  kind: 'stop',
  summary: 'pg_ctl stop -m MODE (fast by default) on a PostgreSQL node; it stays stopped until healed',
  example: '{fault: stop, target: replica-1, mode: immediate}',
  schema: faultSchema('stop', {
    target: targetSchema,
    mode: z.enum(SHUTDOWN_MODES).optional().describe('the pg_ctl shutdown mode; default fast'),
  }),
  resolve: (raw, base): StopStep => ({ ...faultBase('stop', base), target: raw.target, mode: raw.mode ?? 'fast' }),
  targets: (step) => [{ path: ['target'], ref: step.target, scope: 'postgres' }],
  title: targetTitle,
  async apply(ctx, step) {
    const node = ctx.cluster.resolve(step.target);
    await node.stopPostgres(step.mode);
    recordFault(ctx, step, node, `pg_ctl stop -m ${step.mode} on ${node.name} (${node.role})`);
    ctx.recorder.role({ node: node.name, role: 'down', atMs: ctx.now() });
    ctx.faults.add({
      kind: 'stop',
      nodes: [node.name],
      description: `PostgreSQL stopped on ${node.name}`,
      heal: async () => {
        await node.startPostgres();
        ctx.recorder.event('fault', `healed: PostgreSQL started again on ${node.name}`, node.name);
      },
    });
    return node.name;
  },
});
