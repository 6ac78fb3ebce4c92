/** kill: SIGKILL of the node's container — no shutdown checkpoint, no goodbye to clients. */
import type { StepBase, TargetRef } from '../model/model.ts';
import { targetSchema } from '../model/schema-primitives.ts';
import { defineFault, faultBase, faultSchema, targetTitle } from './descriptor.ts';
import { recordFault } from './record.ts';

export interface KillStep extends StepBase {
  type: 'fault';
  fault: 'kill';
  target: TargetRef;
}

export const kill = defineFault<KillStep>()({
  kind: 'kill',
  summary: "SIGKILL the node's container (any node: PostgreSQL, etcd, HAProxy, PgBouncer)",
  example: '{fault: kill, target: primary}',
  schema: faultSchema('kill', { target: targetSchema }),
  resolve: (raw, base): KillStep => ({ ...faultBase('kill', base), target: raw.target }),
  targets: (step) => [{ path: ['target'], ref: step.target, scope: 'any' }],
  title: targetTitle,
  async apply(ctx, step) {
    const node = ctx.cluster.resolveAny(step.target);
    const issuedAtMs = ctx.now();
    await node.kill();
    // The fault instant is when the kill has taken effect: the node may still acknowledge
    // writes while the request travels to the engine, and those must not count as recovery.
    const atMs = ctx.now();
    const what = 'role' in node ? node.role : 'etcd/HAProxy';
    recordFault(
      ctx,
      step,
      node,
      `SIGKILL ${node.name} (${what}); the engine took ${Math.round(atMs - issuedAtMs)} ms`,
      { atMs },
    );
    ctx.recorder.role({ node: node.name, role: 'down', atMs });
    return node.name;
  },
});
