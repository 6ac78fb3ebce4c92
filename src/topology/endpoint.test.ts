import { describe, expect, it } from 'vitest';
import type { PgNode } from './pg-node.ts';
import { PgBouncerEndpoint } from './endpoint.ts';
import { PgBouncer } from './pgbouncer.ts';
import type { SidecarContainer } from './sidecar.ts';

// Nothing is edited when nobody (or HAProxy) moves PgBouncer: the member only gives its address.
const noContainer = { hostAddress: () => ({ host: 'localhost', port: 6432 }) } as unknown as SidecarContainer;
const pg2 = { name: 'pg-2', hostname: 'pg-2.test' } as PgNode;

describe('PgBouncerEndpoint.repoint', () => {
  it('says where clients still go when PgBouncer is pinned to a host nobody rewrites', async () => {
    const pinned = new PgBouncerEndpoint(new PgBouncer(noContainer, 'secret', 'pg-1', 'nobody'));
    expect(await pinned.repoint(pg2)).toBe(
      'PgBouncer still sends clients to pg-1: its [databases] entry names that host, and nothing rewrites it when pg-2 takes over',
    );
    expect(pinned.target().node).toBe('pg-1');
  });

  it('says nothing when PgBouncer sends clients to HAProxy, which follows the leader', async () => {
    const behindHaproxy = new PgBouncerEndpoint(new PgBouncer(noContainer, 'secret', 'haproxy', 'haproxy'));
    expect(await behindHaproxy.repoint(pg2)).toBeNull();
  });
});
