/**
 * What one fault kind is, in one place: the keys a scenario writes for it (schema fragment),
 * the step it resolves to with every default applied, the nodes it names, its title, and how
 * the run applies it (and registers its heal). ./registry.ts lists the kinds; the scenario
 * schema, the step types, the target checks, the docs table and the runner all read from it.
 *
 * The scenario loader imports every descriptor (for the schema), so a descriptor file imports
 * nothing heavy at its top level: handlers act through the RunContext and cluster interfaces
 * (type-only imports) and load Docker or pg helpers, if ever needed, inside the handler.
 */
import { z } from 'zod';
import type { KeyPath } from '../model/model.ts';
import type { CheckContext, NodeRef } from '../model/step-kind.ts';
import type { StepBase } from '../model/model.ts';
import type { RunContext } from '../steps/context.ts';
import { bestEffortShape, expectFailureShape } from '../model/schema-primitives.ts';

export type { CheckContext, NodeRef } from '../model/step-kind.ts';

/** What every resolved fault step has; each kind adds its own keys (see the descriptor files). */
export interface FaultStepBase extends StepBase {
  type: 'fault';
  fault: string;
}

/** What resolving a step may need beyond the written keys. */
export interface ResolveContext {
  faultKinds: readonly string[];
}

export interface FaultDescriptor<Schema extends z.ZodType = z.ZodType, Step extends FaultStepBase = FaultStepBase> {
  kind: Step['fault'];
  /** one line for the docs table */
  summary: string;
  /** a step of this kind as a scenario writes it (YAML flow mapping), for the docs and the registry's tests */
  example: string;
  /** the step as written: `fault: KIND` and the kind's own keys (strict; see `faultSchema`) */
  schema: Schema;
  /** the written step → the resolved one, every default applied: handlers never see `undefined` for one */
  resolve(raw: z.output<Schema>, base: StepBase, context: ResolveContext): Step;
  /** the node references the step writes, checked against the topology by the loader */
  targets(step: Step): NodeRef[];
  /** the kind's own rules about its nodes (beyond existence), as positioned messages */
  check?(step: Step, context: CheckContext): { path: KeyPath; message: string }[];
  /** the step's title in progress lines, reports and result.json */
  title(step: Step): string;
  /** applies the fault; returns the node it hit. Registers its heal in ctx.faults when it can be undone. */
  apply(ctx: RunContext, step: Step): Promise<string | undefined>;
}

/**
 * Types a descriptor by its step type, `defineFault<KillStep>()({...})`, so that `resolve`,
 * `check`, `title` and `apply` are checked against it (the schema's type is inferred).
 */
export function defineFault<Step extends FaultStepBase>() {
  return <Schema extends z.ZodType>(descriptor: FaultDescriptor<Schema, Step>): FaultDescriptor<Schema, Step> =>
    descriptor;
}

/** The step as written for `kind`: `fault: KIND`, the kind's keys, and `expectFailure`; nothing else. */
export function faultSchema<Kind extends string, Shape extends z.ZodRawShape>(kind: Kind, shape: Shape) {
  return z.strictObject({ fault: z.literal(kind), ...shape, ...expectFailureShape, ...bestEffortShape });
}

/** The base every resolved fault step starts from. */
export function faultBase<Kind extends string>(kind: Kind, base: StepBase): StepBase & { type: 'fault'; fault: Kind } {
  return { ...base, type: 'fault', fault: kind };
}

/** The usual title: `fault KIND TARGET` (the target as written). */
export function targetTitle(step: { fault: string; target: string }): string {
  return `fault ${step.fault} ${step.target}`;
}
