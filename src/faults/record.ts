/** The one way a fault handler reports that a fault took effect. */
import type { RunContext } from '../steps/context.ts';
import type { FaultStepBase } from './descriptor.ts';
/** Whatever a fault hit: a PostgreSQL node (with a role) or a sidecar such as etcd or HAProxy. */
export interface FaultTarget {
  name: string;
  role?: string;
}

export function recordFault(
  ctx: RunContext,
  step: FaultStepBase,
  node: FaultTarget | undefined,
  message: string,
  options: { atMs?: number; disruptsWrites?: boolean } = {},
): void {
  const atMs = options.atMs ?? ctx.now();
  // Hitting the primary, or a proxy the clients go through (HAProxy, PgBouncer), cuts the clients off writing.
  const disruptsWrites =
    options.disruptsWrites ?? (node?.role === 'primary' || (node !== undefined && clientPath(ctx).includes(node.name)));
  ctx.recorder.fault(
    {
      kind: step.fault,
      ...(node ? { node: node.name } : {}),
      atMs,
      ...(ctx.stepStartedAtMs !== undefined ? { issuedAtMs: Math.min(ctx.stepStartedAtMs, atMs) } : {}),
      stepIndex: step.index,
      disruptsWrites,
    },
    message,
  );
}

/** The proxies between the clients and the primary: PgBouncer when the clients use it, HAProxy when they or PgBouncer go through it. */
export function clientPath(ctx: RunContext): string[] {
  const viaHaproxy = ctx.cluster.endpoint.kind === 'haproxy' || ctx.cluster.pgbouncer?.movedBy === 'haproxy';
  return [...(ctx.cluster.endpoint.kind === 'pgbouncer' ? ['pgbouncer'] : []), ...(viaHaproxy ? ['haproxy'] : [])];
}
