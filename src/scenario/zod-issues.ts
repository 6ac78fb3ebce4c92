/**
 * Zod issues → one issue per offending key, each with the key path and whether it is the
 * key or its value that is wrong.
 *
 * Zod reports a union that matched no option as one `invalid_union` holding every option's
 * issues. A user wrote one of those options (a `fault:` step, a `{min, max}` bound), so we
 * pick the option the input claims — by its discriminator or its required keys — and report
 * that option's issues alone.
 */
import { z } from 'zod';
import type { Anchor } from './yaml-source.ts';
import type { KeyPath } from '../model/model.ts';
import { closest, quote } from '../model/wording.ts';
import { isRecord, unknownKeyMessage } from './zod-messages.ts';

export interface KeyIssue {
  path: KeyPath;
  message: string;
  anchor: Anchor;
}

type Schema = z.core.$ZodType;

export function keyIssues(
  root: Schema,
  input: unknown,
  issues: readonly z.core.$ZodIssue[],
  base: KeyPath = [],
): KeyIssue[] {
  return issues.flatMap((issue) => keyIssuesOf(root, input, issue, [...base, ...issue.path.map(keySegment)]));
}

function keyIssuesOf(root: Schema, input: unknown, issue: z.core.$ZodIssue, path: KeyPath): KeyIssue[] {
  switch (issue.code) {
    case 'unrecognized_keys': {
      const schema = schemaAt(root, input, path);
      const value = valueAt(input, path);
      return issue.keys.map((key) => ({
        path: [...path, key],
        message:
          conflictingMarker(schema, value, key) ?? unknownKeyMessage(key, objectKeys(schema && chosen(schema, value))),
        anchor: 'key',
      }));
    }
    case 'invalid_key':
      return [{ path, message: issue.message, anchor: 'key' }];
    case 'invalid_union': {
      if (issue.errors.length === 0) return [{ path, message: issue.message, anchor: 'value' }];
      const union = schemaAt(root, input, path);
      const value = valueAt(input, path);
      if (union instanceof z.ZodUnion) {
        const choice = chooseOption(union, value);
        const chosenIssues = choice === undefined ? undefined : issue.errors[choice];
        if (chosenIssues) return keyIssues(root, input, chosenIssues, path);
        const misspelt = misspeltMarkers(union, value, path);
        if (misspelt.length > 0) return misspelt;
      }
      return [{ path, message: issue.message, anchor: 'value' }];
    }
    default:
      return [{ path, message: issue.message, anchor: 'value' }];
  }
}

function keySegment(segment: PropertyKey): string | number {
  return typeof segment === 'number' ? segment : String(segment);
}

function valueAt(input: unknown, path: KeyPath): unknown {
  let value = input;
  for (const segment of path) {
    if (Array.isArray(value) && typeof segment === 'number') value = value[segment];
    else if (isRecord(value) && Object.hasOwn(value, segment)) value = value[segment];
    else return undefined;
  }
  return value;
}

/** The schema for the value at `path`, following the union options the input claims on the way there. */
function schemaAt(root: Schema, input: unknown, path: KeyPath): Schema | undefined {
  let value = input;
  let schema = unwrap(root);
  for (const segment of path) {
    schema = chosen(schema, value);
    let next: Schema | undefined;
    if (schema instanceof z.ZodObject) next = (schema.shape as Record<string, Schema>)[String(segment)];
    else if (schema instanceof z.ZodArray) next = schema.element as Schema;
    else if (schema instanceof z.ZodRecord) next = schema.valueType as Schema;
    if (next === undefined) return undefined;
    schema = unwrap(next);
    value = valueAt(value, [segment]);
  }
  return schema;
}

function unwrap(schema: Schema): Schema {
  let current = schema;
  for (;;) {
    if (current instanceof z.ZodOptional || current instanceof z.ZodNullable || current instanceof z.ZodDefault) {
      current = current.unwrap() as Schema;
    } else if (current instanceof z.ZodPipe) {
      current = current.in as Schema;
    } else {
      return current;
    }
  }
}

/** Steps into the union option `value` claims; any other schema is returned as it is. */
function chosen(schema: Schema, value: unknown): Schema {
  if (!(schema instanceof z.ZodUnion)) return schema;
  const choice = chooseOption(schema, value);
  const option = choice === undefined ? undefined : (schema.options[choice] as Schema | undefined);
  return option === undefined ? schema : chosen(unwrap(option), value);
}

/**
 * The option a mapping claims: by the discriminator's value, or else by holding one of an
 * option's required keys (its "markers"). A lone mapping option is claimed by any mapping.
 */
function chooseOption(union: z.ZodUnion, value: unknown): number | undefined {
  if (!isRecord(value)) return undefined;
  const options = union.options as readonly Schema[];
  if (union instanceof z.ZodDiscriminatedUnion) {
    const discriminator = union.def.discriminator;
    const index = options.findIndex((option) => literalValues(option, discriminator).has(value[discriminator]));
    return index >= 0 ? index : undefined;
  }
  const mappingOptions = options
    .map((option, index) => ({ index, markers: markersOf(option) }))
    .filter((o) => o.markers !== undefined);
  const claimed = mappingOptions.filter((o) => o.markers?.some((key) => Object.hasOwn(value, key)));
  if (claimed.length === 1) return claimed[0]?.index;
  if (claimed.length === 0 && mappingOptions.length === 1) return mappingOptions[0]?.index;
  return undefined;
}

/** The keys that identify a mapping option, or undefined when the option is not a mapping. */
function markersOf(option: Schema): string[] | undefined {
  const schema = unwrap(option);
  if (schema instanceof z.ZodDiscriminatedUnion) return [schema.def.discriminator];
  if (schema instanceof z.ZodObject) {
    const shape = schema.shape as Record<string, z.ZodType>;
    return Object.keys(shape).filter((key) => !shape[key]?.safeParse(undefined).success);
  }
  return undefined;
}

function literalValues(option: Schema, key: string): Set<unknown> {
  const schema = unwrap(option);
  if (!(schema instanceof z.ZodObject)) return new Set();
  const field = (schema.shape as Record<string, Schema>)[key];
  return field instanceof z.ZodLiteral ? (field.values as Set<unknown>) : new Set();
}

function objectKeys(schema: Schema | undefined): string[] | undefined {
  return schema instanceof z.ZodObject ? Object.keys(schema.shape) : undefined;
}

/** `- wait: 5s` with `fault: kill` in the same mapping claims two options at once. */
function conflictingMarker(schema: Schema | undefined, value: unknown, key: string): string | undefined {
  if (!(schema instanceof z.ZodUnion) || !isRecord(value)) return undefined;
  const markers = (schema.options as readonly Schema[]).flatMap((option) => markersOf(option) ?? []);
  const others = markers.filter((marker) => marker !== key && Object.hasOwn(value, marker));
  if (!markers.includes(key) || others.length === 0) return undefined;
  return `"${key}" cannot be combined with ${others.map((o) => `"${o}"`).join(', ')}: one kind per step`;
}

/** `fualt: kill` claims no option; name the marker it was surely meant to be. */
function misspeltMarkers(union: z.ZodUnion, value: unknown, path: KeyPath): KeyIssue[] {
  if (!isRecord(value)) return [];
  const markers = (union.options as readonly Schema[]).flatMap((option) => markersOf(option) ?? []);
  if (markers.some((marker) => Object.hasOwn(value, marker))) return [];
  return Object.keys(value).flatMap((key) => {
    const meant = closest(key, markers);
    return meant === undefined
      ? []
      : [
          {
            path: [...path, key],
            message: `unknown key ${quote(key)} (did you mean ${quote(meant)}?)`,
            anchor: 'key' as const,
          },
        ];
  });
}
