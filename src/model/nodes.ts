/** The node references a topology makes valid, as scenario steps may write them. */
import type { TopologySpec } from './model.ts';

export interface KnownTargets {
  /** roles and names of PostgreSQL nodes: primary, replica, replica-N, pg-N */
  postgres: string[];
  /** every reference: the PostgreSQL ones plus pgbouncer, haproxy, etcd-N when configured */
  all: string[];
}

export function knownTargets(topology: TopologySpec): KnownTargets {
  const { replicas } = topology.postgres;
  const replicaRoles = replicas > 0 ? ['replica', ...range(replicas).map((n) => `replica-${n}`)] : [];
  const postgres = ['primary', ...replicaRoles, ...range(replicas + 1).map((n) => `pg-${n}`)];
  const others = [
    ...(topology.pgbouncer ? ['pgbouncer'] : []),
    ...(topology.haproxy ? ['haproxy'] : []),
    ...(topology.patroni ? range(topology.patroni.etcd).map((n) => `etcd-${n}`) : []),
  ];
  return { postgres, all: [...postgres, ...others] };
}

/** 1..n */
function range(n: number): number[] {
  return Array.from({ length: n }, (_, i) => i + 1);
}
