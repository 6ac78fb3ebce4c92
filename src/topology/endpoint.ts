/**
 * Where the workload's clients connect: the primary's own port (what an application with a
 * connection string does), PgBouncer, or HAProxy (src/topology/patroni.ts).
 */
import type { ClientEndpoint, EndpointTarget, PostgresMember } from './runtime.ts';
import type { PgBouncer } from './pgbouncer.ts';

export class DirectEndpoint implements ClientEndpoint {
  readonly kind = 'direct' as const;
  private current: EndpointTarget;

  constructor(node: PostgresMember) {
    this.current = DirectEndpoint.targetOf(node);
  }

  target(): EndpointTarget {
    return this.current;
  }

  async repoint(node: PostgresMember): Promise<null> {
    this.current = DirectEndpoint.targetOf(node);
    return null;
  }

  private static targetOf(node: PostgresMember): EndpointTarget {
    return { node: node.name, ...node.clientAddress };
  }
}

/** Clients connect to PgBouncer; where it sends them is its [databases] entry. */
export class PgBouncerEndpoint implements ClientEndpoint {
  readonly kind = 'pgbouncer' as const;

  constructor(private readonly bouncer: PgBouncer) {}

  target(): EndpointTarget {
    const database = this.bouncer.database;
    return { node: this.bouncer.backend, ...this.bouncer.address, ...(database ? { database } : {}) };
  }

  async repoint(node: PostgresMember): Promise<string | null> {
    // Behind HAProxy, which follows the leader, or pinned to one host with nobody to edit it.
    if (this.bouncer.movedBy === 'pgdrill') await this.bouncer.repoint(node);
    if (this.bouncer.movedBy !== 'nobody' || this.bouncer.backend === node.name) return null;
    return `PgBouncer still sends clients to ${this.bouncer.backend}: its [databases] entry names that host, and nothing rewrites it when ${node.name} takes over`;
  }
}
