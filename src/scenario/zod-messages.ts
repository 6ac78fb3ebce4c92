/** Zod's issues in the words of a scenario file: keys, mappings and lists, with what was found. */
import type { z } from 'zod';
import { didYouMean, quote } from '../model/wording.ts';

type RawIssue = z.core.$ZodRawIssue;

/** Error map for parsing scenario files; schemas' own `error` messages take precedence. */
export function scenarioErrorMessage(issue: RawIssue): string | undefined {
  switch (issue.code) {
    case 'invalid_type':
      if (issue.input === undefined) return 'required key is missing';
      return `expected ${typeName(issue.expected)}, got ${describeValue(issue.input)}`;
    case 'invalid_value':
      return expectedOneOf(issue.values as readonly unknown[], issue.input);
    case 'too_small':
      return tooSmall(issue.origin, Number(issue.minimum), issue.inclusive !== false);
    case 'too_big':
      return tooBig(issue.origin, Number(issue.maximum), issue.inclusive !== false);
    case 'invalid_union':
      if (issue.discriminator !== undefined && issue.options !== undefined) {
        const value = isRecord(issue.input) ? issue.input[issue.discriminator] : undefined;
        if (typeof value === 'string')
          return `unknown ${issue.discriminator} ${quote(value)}${knownValues(value, issue.options as readonly unknown[])}`;
        return expectedOneOf(issue.options as readonly unknown[], value);
      }
      return 'does not match any allowed form';
    case 'invalid_key':
      return issue.issues[0]?.message ?? 'invalid key';
    case 'invalid_format':
      return issue.pattern === undefined ? `not a valid ${issue.format}` : `does not match ${issue.pattern}`;
    default:
      return undefined;
  }
}

export function unknownKeyMessage(key: string, allowed: readonly string[] | undefined): string {
  if (allowed === undefined || allowed.length === 0) return `unknown key ${quote(key)}`;
  const suggestion = didYouMean(key, allowed);
  return suggestion
    ? `unknown key ${quote(key)}${suggestion}`
    : `unknown key ${quote(key)} (allowed here: ${allowed.join(', ')})`;
}

function expectedOneOf(values: readonly unknown[], input: unknown): string {
  const listed = values.map((v) => (typeof v === 'string' ? v : String(v))).join(', ');
  const hint =
    typeof input === 'string'
      ? didYouMean(
          input,
          values.filter((v): v is string => typeof v === 'string'),
        )
      : '';
  return `expected one of ${listed}; got ${describeValue(input)}${hint}`;
}

function knownValues(value: string, options: readonly unknown[]): string {
  const names = options.filter((o): o is string => typeof o === 'string');
  return didYouMean(value, names) || ` (known: ${names.join(', ')})`;
}

function tooSmall(origin: string, minimum: number, inclusive: boolean): string {
  if (origin === 'array') return `needs at least ${minimum} item${minimum === 1 ? '' : 's'}`;
  if (origin === 'string') return minimum <= 1 ? 'must not be empty' : `needs at least ${minimum} characters`;
  return inclusive ? `must be at least ${minimum}` : `must be greater than ${minimum}`;
}

function tooBig(origin: string, maximum: number, inclusive: boolean): string {
  if (origin === 'array') return `takes at most ${maximum} item${maximum === 1 ? '' : 's'}`;
  if (origin === 'string') return `takes at most ${maximum} characters`;
  return inclusive ? `must be at most ${maximum}` : `must be less than ${maximum}`;
}

const TYPE_NAMES: Record<string, string> = {
  string: 'a string',
  number: 'a number',
  int: 'an integer',
  boolean: 'true or false',
  array: 'a list',
  tuple: 'a list',
  object: 'a mapping (key: value)',
  record: 'a mapping (key: value)',
};

function typeName(expected: string): string {
  return TYPE_NAMES[expected] ?? expected;
}

/** What the user wrote, briefly: `"5x"`, `12`, `a list`, `nothing`. */
export function describeValue(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'an empty value';
  if (typeof value === 'string') return quote(value.length > 40 ? `${value.slice(0, 40)}…` : value);
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') return String(value);
  if (Array.isArray(value)) return 'a list';
  if (isRecord(value) && Object.getPrototypeOf(value) === Object.prototype) return 'a mapping';
  return `a ${(value as object).constructor?.name ?? typeof value}`;
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
