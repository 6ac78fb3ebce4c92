/** restart: pg_ctl stop -m fast|immediate|smart, then start, on a node that stays up. */
import { z } from 'zod';
import type { StepBase, TargetRef } from '../model/model.ts';
import { targetSchema } from '../model/schema-primitives.ts';
import { defineFault, faultBase, faultSchema, targetTitle } from './descriptor.ts';
import { recordFault } from './record.ts';
import { SHUTDOWN_MODES, type ShutdownMode } from './stop.ts';

export interface RestartStep extends StepBase {
  type: 'fault';
  fault: 'restart';
  target: TargetRef;
  /** @default 'fast' */
  mode: ShutdownMode;
}

export const restart = defineFault<RestartStep>()({
  kind: 'restart',
  summary: 'pg_ctl stop -m MODE (fast by default), then start, on a PostgreSQL node',
  example: '{fault: restart, target: primary}',
  schema: faultSchema('restart', {
    target: targetSchema,
    mode: z.enum(SHUTDOWN_MODES).optional().describe('the pg_ctl shutdown mode; default fast'),
  }),
  resolve: (raw, base): RestartStep => ({
    ...faultBase('restart', base),
    target: raw.target,
    mode: raw.mode ?? 'fast',
  }),
  targets: (step) => [{ path: ['target'], ref: step.target, scope: 'postgres' }],
  title: targetTitle,
  async apply(ctx, step) {
    const node = ctx.cluster.resolve(step.target);
    await node.stopPostgres(step.mode);
    recordFault(ctx, step, node, `pg_ctl stop -m ${step.mode} on ${node.name} (${node.role}), starting again`);
    await node.startPostgres();
    ctx.recorder.event('fault', `PostgreSQL on ${node.name} accepts connections again`, node.name);
    return node.name;
  },
});
