/** What every step kind's descriptor (../faults/descriptor.ts, ../procedures/descriptor.ts) shares. */
import type { KnownTargets } from './nodes.ts';
import type { KeyPath } from './model.ts';

/** A node reference a step writes: where it stands, and what kind of node it must name. */
export interface NodeRef {
  path: KeyPath;
  ref: string;
  /** `postgres`: a PostgreSQL node; `any`: also PgBouncer, HAProxy, an etcd member */
  scope: 'postgres' | 'any';
}

/** What a kind's own checks may look at beyond the step: the topology's nodes, its PostgreSQL major and the fault kinds. */
export interface CheckContext {
  known: KnownTargets;
  major: number;
  faultKinds: readonly string[];
}
