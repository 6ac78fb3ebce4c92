/**
 * The nemesis's repertoire: every fault kind, one descriptor each (./descriptor.ts). From this
 * list come the fault step types, the `fault:` part of the scenario schema (and so
 * schema/scenario.schema.json), the list of kinds in messages, the docs table and the runner's
 * dispatch. Adding a kind is one file and one line here.
 */
import type { z } from 'zod';
import type { FaultDescriptor } from './descriptor.ts';
import { kill } from './kill.ts';
import { stop } from './stop.ts';
import { restart } from './restart.ts';
import { pause } from './pause.ts';
import { resume } from './resume.ts';
import { partition } from './partition.ts';
import { diskFull } from './disk-full.ts';
import { lag } from './lag.ts';
import { heal } from './heal.ts';
import { corrupt } from './corrupt.ts';

/** In the order messages and docs list them. */
export const FAULT_DESCRIPTORS = [kill, stop, restart, pause, resume, partition, diskFull, lag, heal, corrupt] as const;

type AnyDescriptor = (typeof FAULT_DESCRIPTORS)[number];

/** A resolved fault step: one member per kind, each with exactly its kind's keys and defaults applied. */
export type FaultStep = ReturnType<AnyDescriptor['resolve']>;
export type FaultKind = FaultStep['fault'];

export const FAULT_KINDS: readonly FaultKind[] = FAULT_DESCRIPTORS.map((d) => d.kind);

/** The schema fragments, each described by its summary, as the step schema's discriminated union takes them. */
export const FAULT_SCHEMAS = FAULT_DESCRIPTORS.map((d) =>
  d.schema.describe(`fault ${d.kind}: ${d.summary}`),
) as unknown as readonly [AnyDescriptor['schema'], ...AnyDescriptor['schema'][]];

const byKind = new Map<string, FaultDescriptor<z.ZodType, FaultStep>>(
  FAULT_DESCRIPTORS.map((d) => [d.kind, d as unknown as FaultDescriptor<z.ZodType, FaultStep>]),
);

/**
 * The descriptor of a kind, typed for the whole union: TypeScript cannot pair a kind's
 * descriptor with its step member by itself; the map is keyed by the kind the step carries.
 */
export function faultDescriptor(kind: FaultKind | string): FaultDescriptor<z.ZodType, FaultStep> {
  const descriptor = byKind.get(kind);
  if (!descriptor) throw new Error(`no fault kind ${kind}`);
  return descriptor;
}
