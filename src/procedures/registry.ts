/**
 * What operators do: every procedure kind, one descriptor each in ./kinds/ (./descriptor.ts).
 * From this list come the procedure step types, the `procedure:` part of the scenario schema,
 * the titles and the runner's dispatch. The handlers stay in this folder's modules; a descriptor
 * loads its handler when the step runs.
 */
import type { z } from 'zod';
import type { ProcedureDescriptor } from './descriptor.ts';
import { failover } from './kinds/failover.ts';
import { switchover } from './kinds/switchover.ts';
import { rejoin } from './kinds/rejoin.ts';
import { backup } from './kinds/backup.ts';
import { restore } from './kinds/restore.ts';
import { mark } from './kinds/mark.ts';
import { pitr } from './kinds/pitr.ts';
import { sql } from './kinds/sql.ts';
import { script } from './kinds/script.ts';
import { checkpoint } from './kinds/checkpoint.ts';
import { switchWal } from './kinds/switch-wal.ts';
import { subscribe } from './kinds/subscribe.ts';
import { repointSubscriber } from './kinds/repoint-subscriber.ts';

/** In the order messages and docs list them. */
export const PROCEDURE_DESCRIPTORS = [
  failover,
  switchover,
  rejoin,
  backup,
  restore,
  mark,
  pitr,
  sql,
  script,
  checkpoint,
  switchWal,
  subscribe,
  repointSubscriber,
] as const;

type AnyDescriptor = (typeof PROCEDURE_DESCRIPTORS)[number];

/** A resolved procedure step: one member per kind, each with exactly its kind's keys and defaults applied. */
export type ProcedureKindStep = ReturnType<AnyDescriptor['resolve']>;
export type ProcedureKindName = ProcedureKindStep['procedure'];

export const PROCEDURE_KINDS: readonly ProcedureKindName[] = PROCEDURE_DESCRIPTORS.map((d) => d.kind);

export const PROCEDURE_SCHEMAS = PROCEDURE_DESCRIPTORS.map((d) =>
  d.schema.describe(`procedure ${d.kind}: ${d.summary}`),
) as unknown as readonly [AnyDescriptor['schema'], ...AnyDescriptor['schema'][]];

const byKind = new Map<string, ProcedureDescriptor<z.ZodType, ProcedureKindStep>>(
  PROCEDURE_DESCRIPTORS.map((d) => [d.kind, d as unknown as ProcedureDescriptor<z.ZodType, ProcedureKindStep>]),
);

/** The descriptor of a kind, typed for the whole union (the map is keyed by the kind the step carries). */
export function procedureDescriptor(kind: string): ProcedureDescriptor<z.ZodType, ProcedureKindStep> {
  const descriptor = byKind.get(kind);
  if (!descriptor) throw new Error(`no procedure kind ${kind}`);
  return descriptor;
}
