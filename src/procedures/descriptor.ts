/**
 * What one procedure kind is, in one place: its keys as a scenario writes them, the step it
 * resolves to with every default applied, the nodes it names, its title and its handler. The
 * descriptors live in ./kinds/ and are listed by ./registry.ts. The scenario loader imports them
 * (for the schema), so they load the handler modules (pg, execa…) only inside `apply`.
 */
import { z } from 'zod';
import type { StepBase } from '../model/model.ts';
import type { CheckContext, NodeRef } from '../model/step-kind.ts';
import type { KeyPath } from '../model/model.ts';
import type { RunContext } from '../steps/context.ts';
import { expectFailureShape } from '../model/schema-primitives.ts';

export interface ProcedureStepBase extends StepBase {
  type: 'procedure';
  procedure: string;
}

/** What resolving a procedure step may need beyond the written keys. */
export interface ProcedureResolveContext {
  /** a path as written, relative to the scenario file → absolute */
  relativeToScenario: (file: string) => string;
  /** Patroni manages the cluster: failovers then go through it unless a step says otherwise */
  patroni: boolean;
}

export interface ProcedureDescriptor<
  Schema extends z.ZodType = z.ZodType,
  Step extends ProcedureStepBase = ProcedureStepBase,
> {
  kind: Step['procedure'];
  /** one line for the docs */
  summary: string;
  schema: Schema;
  resolve(raw: z.output<Schema>, base: StepBase, context: ProcedureResolveContext): Step;
  targets(step: Step): NodeRef[];
  check?(step: Step, context: CheckContext): { path: KeyPath; message: string }[];
  title(step: Step): string;
  /** runs the procedure; returns the node it acted on */
  apply(ctx: RunContext, step: Step): Promise<string | undefined>;
}

/** Types a descriptor by its step type: `defineProcedure<MarkStep>()({...})`. */
export function defineProcedure<Step extends ProcedureStepBase>() {
  return <Schema extends z.ZodType>(descriptor: ProcedureDescriptor<Schema, Step>): ProcedureDescriptor<Schema, Step> =>
    descriptor;
}

/** The step as written for `kind`: `procedure: KIND`, the kind's keys, and `expectFailure`. */
export function procedureSchema<Kind extends string, Shape extends z.ZodRawShape>(kind: Kind, shape: Shape) {
  return z.strictObject({ procedure: z.literal(kind), ...shape, ...expectFailureShape });
}

export function procedureBase<Kind extends string>(
  kind: Kind,
  base: StepBase,
): StepBase & { type: 'procedure'; procedure: Kind } {
  return { ...base, type: 'procedure', procedure: kind };
}

/** Optional keys stay absent rather than present-and-undefined. */
export function present<K extends string, V>(key: K, value: V | undefined): Partial<Record<K, V>> {
  return (value === undefined ? {} : { [key]: value }) as Partial<Record<K, V>>;
}

export const sqlText = z.string().min(1, { error: 'write the SQL to run' });
export const filePath = z.string().min(1, { error: 'give a path relative to the scenario file' });
