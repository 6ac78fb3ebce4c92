/**
 * Where the workload's clients connect: the primary's own port (what an application with a
 * connection string does), PgBouncer, or HAProxy (src/topology/patroni.ts).
 */
import type { PgNode } from './pg-node.ts';
import type { PgBouncer } from './pgbouncer.ts';

export interface EndpointTarget {
  /** node the endpoint routes to right now */
  node: string;
  host: string;
  port: number;
}

export interface ClientEndpoint {
  readonly kind: 'direct' | 'pgbouncer' | 'haproxy';
  target(): EndpointTarget;
  /** make new connections go to `node` (an operator editing the connection string) */
  repoint(node: PgNode): Promise<void>;
}

export class DirectEndpoint implements ClientEndpoint {
  readonly kind = 'direct' as const;
  private current: EndpointTarget;

  constructor(node: PgNode) {
    this.current = DirectEndpoint.targetOf(node);
  }

  target(): EndpointTarget {
    return this.current;
  }

  async repoint(node: PgNode): Promise<void> {
    this.current = DirectEndpoint.targetOf(node);
  }

  private static targetOf(node: PgNode): EndpointTarget {
    return { node: node.name, ...node.clientAddress };
  }
}

/** Clients connect to PgBouncer; where it sends them is its [databases] entry. */
export class PgBouncerEndpoint implements ClientEndpoint {
  readonly kind = 'pgbouncer' as const;

  constructor(private readonly bouncer: PgBouncer) {}

  target(): EndpointTarget {
    return { node: this.bouncer.backend, ...this.bouncer.address };
  }

  async repoint(node: PgNode): Promise<void> {
    // Pinned to one host with nobody to edit it, or behind HAProxy: nothing moves it here.
    if (this.bouncer.movedBy === 'pgdrill') await this.bouncer.repoint(node);
  }
}
