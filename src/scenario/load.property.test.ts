/**
 * Whatever a user (or a bad merge) does to a scenario file, the loader answers with a
 * Scenario or a ScenarioError positioned in the file — never any other exception.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { ScenarioError } from '../errors.ts';
import { parseScenario } from './load.ts';
import { EXAMPLE_FILE, EXAMPLE_YAML, edit } from './test-example.ts';

type Path = (string | number)[];
type Container = Record<string, unknown> | unknown[];

/** Keys and values of the scenario vocabulary, so mutations reach deep into the schema too. */
const KEYS = [
  'name',
  'topology',
  'postgres',
  'replicas',
  'steps',
  'wait',
  'fault',
  'procedure',
  'target',
  'timeout',
  'between',
  'isolate',
  'method',
  'candidate',
  'file',
  'sql',
  'mark',
  'by',
  'from',
  'min',
  'max',
  'until',
  'expectFailure',
  'applyDelay',
  'delay',
  'loss',
  'observe',
  'interval',
  'observed',
  'maxLagBytes',
  'maxWalBytes',
  'archiveFailures',
  'walReceiverDrops',
  'maxStallSeconds',
  'acknowledged',
  '__proto__',
  'constructor',
];
const VALUES = [
  'primary',
  'pg-9',
  'replica-1',
  'etcd-1',
  '5s',
  '5x',
  '0s',
  'converged',
  'kill',
  'partition',
  'lag',
  'pitr',
  'script',
  'sql',
  'immediate',
  15,
  0,
  -1,
  1.5,
  true,
  null,
  [],
  {},
  [[]],
  [['pg-1'], ['pg-1']],
  { until: 'SELECT 1' },
  '1MB',
  '16mb',
  '5%',
  '101%',
  '49ms',
  100,
  { min: '1GB', max: '1MB' },
];

const anyKey = fc.oneof(fc.constantFrom(...KEYS), fc.string({ maxLength: 12 }));
const anyValue: fc.Arbitrary<unknown> = fc.oneof(fc.constantFrom(...VALUES), fc.jsonValue({ maxDepth: 3 }));

const structural = fc.oneof(
  fc.record({ kind: fc.constant('delete' as const), pick: fc.nat() }),
  fc.record({ kind: fc.constant('rename' as const), pick: fc.nat(), key: anyKey }),
  fc.record({ kind: fc.constant('replace' as const), pick: fc.nat(), value: anyValue }),
  fc.record({ kind: fc.constant('insert' as const), pick: fc.nat(), key: anyKey, value: anyValue }),
);
const textual = fc.oneof(
  fc.record({ kind: fc.constant('truncate' as const), at: fc.nat() }),
  fc.record({ kind: fc.constant('duplicate' as const), line: fc.nat(), times: fc.integer({ min: 1, max: 3 }) }),
  fc.record({ kind: fc.constant('splice' as const), at: fc.nat(), text: fc.string({ maxLength: 8 }) }),
);
type Structural = typeof structural extends fc.Arbitrary<infer T> ? T : never;
type Textual = typeof textual extends fc.Arbitrary<infer T> ? T : never;

function pathsIn(value: unknown, prefix: Path = []): Path[] {
  if (typeof value !== 'object' || value === null) return [];
  const entries: [string | number, unknown][] = Array.isArray(value)
    ? value.map((v, i) => [i, v])
    : Object.entries(value);
  return entries.flatMap(([key, child]) => [[...prefix, key], ...pathsIn(child, [...prefix, key])]);
}

function containerAt(root: unknown, path: Path): Container | undefined {
  let node = root;
  for (const key of path) node = (node as Record<string | number, unknown>)[key];
  return typeof node === 'object' && node !== null ? (node as Container) : undefined;
}

function applyStructural(root: Record<string, unknown>, mutation: Structural): void {
  const paths = pathsIn(root);
  const path = paths[mutation.pick % paths.length];
  if (!path) return;
  const parent = containerAt(root, path.slice(0, -1));
  const key = path[path.length - 1] as string | number;
  if (!parent) return;
  const set = (container: Container, k: string | number, v: unknown) =>
    Object.defineProperty(container, k, { value: v, enumerable: true, configurable: true, writable: true });
  switch (mutation.kind) {
    case 'delete':
      if (Array.isArray(parent)) parent.splice(Number(key), 1);
      else delete parent[key];
      break;
    case 'rename':
      if (Array.isArray(parent)) break;
      set(parent, mutation.key, parent[key]);
      if (mutation.key !== key) delete parent[key];
      break;
    case 'replace':
      // a copy: the generated value (a shared constant of VALUES, or one fast-check replays while
      // shrinking) must not be changed by later mutations, or it ends up containing itself
      set(parent, key, structuredClone(mutation.value));
      break;
    case 'insert': {
      const target = containerAt(root, path) ?? parent;
      if (Array.isArray(target)) target.push(structuredClone(mutation.value));
      else set(target, mutation.key, structuredClone(mutation.value));
      break;
    }
  }
}

function applyTextual(text: string, mutation: Textual): string {
  switch (mutation.kind) {
    case 'truncate':
      return text.slice(0, mutation.at % (text.length + 1));
    case 'duplicate': {
      const lines = text.split('\n');
      const i = mutation.line % lines.length;
      lines.splice(i, 0, ...Array<string>(mutation.times).fill(lines[i] ?? ''));
      return lines.join('\n');
    }
    case 'splice': {
      const at = mutation.at % (text.length + 1);
      return text.slice(0, at) + mutation.text + text.slice(at);
    }
  }
}

function expectLoadsOrPositionedError(text: string): void {
  try {
    parseScenario(text, EXAMPLE_FILE);
  } catch (error) {
    if (!(error instanceof ScenarioError)) throw error;
    expect(error.issues.length).toBeGreaterThan(0);
    for (const issue of error.issues) {
      expect(issue.position.file).toBe(EXAMPLE_FILE);
      expect(issue.position.line).toBeGreaterThanOrEqual(1);
      expect(issue.position.column).toBeGreaterThanOrEqual(1);
      expect(issue.message).not.toBe('');
    }
  }
}

/** The contract example plus the fault-catalogue keys: netem lag, `observe`, `expect.observed`/`workload`. */
const CATALOGUE_YAML = `${edit(
  edit(
    EXAMPLE_YAML,
    '  - wait: converged ',
    '  - {fault: lag, target: replica-1, delay: 200ms, loss: 5%}\n  - wait: converged ',
  ),
  'steps: ',
  'observe:\n  interval: 100ms\n\nsteps: ',
)}  observed:
    maxLagBytes: {min: 1MB, max: 1GiB}
    maxLagSeconds: 30
    archiveFailures: 0
    maxWalBytes: 2GB
    walReceiverDrops: {min: 1}
  workload:
    acknowledged: {min: 1}
    failed: 100
    unknown: 10
    maxStallSeconds: 20
`;

/**
 * Hundreds of parses per property: a second or two on an idle machine, several times that on a
 * busy 2-core CI runner. The bound is there to catch a hang, not to time the loader.
 */
const PROPERTY_TIMEOUT_MS = 120_000;

// Replays a failing run: FC_SEED=<the seed fast-check printed> npx vitest run src/scenario/load.property.test.ts
if (process.env.FC_SEED) fc.configureGlobal({ seed: Number(process.env.FC_SEED) });

it('the fault-catalogue document loads', () => {
  const scenario = parseScenario(CATALOGUE_YAML, EXAMPLE_FILE);
  expect(scenario.observe).toEqual({ intervalMs: 100 });
  expect(scenario.steps[3]).toMatchObject({ fault: 'lag', delayMs: 200, lossPercent: 5 });
  expect(scenario.expect.observed?.maxLagBytes).toEqual({ min: 1024 ** 2, max: 1024 ** 3 });
});

describe.each([
  ['the contract example', EXAMPLE_YAML],
  ['the fault-catalogue document', CATALOGUE_YAML],
])('parseScenario under random damage to %s', (_, text) => {
  it('changing keys and values', { timeout: PROPERTY_TIMEOUT_MS }, () => {
    fc.assert(
      fc.property(fc.array(structural, { minLength: 1, maxLength: 4 }), (mutations) => {
        const document = parse(text) as Record<string, unknown>;
        for (const mutation of mutations) applyStructural(document, mutation);
        expectLoadsOrPositionedError(stringify(document));
      }),
      { numRuns: 400 },
    );
  });

  it('cutting, duplicating and splicing text', { timeout: PROPERTY_TIMEOUT_MS }, () => {
    fc.assert(
      fc.property(fc.array(textual, { minLength: 1, maxLength: 3 }), (mutations) => {
        expectLoadsOrPositionedError(mutations.reduce(applyTextual, text));
      }),
      { numRuns: 400 },
    );
  });

  it('both at once', { timeout: PROPERTY_TIMEOUT_MS }, () => {
    fc.assert(
      fc.property(fc.array(structural, { maxLength: 3 }), fc.array(textual, { maxLength: 2 }), (changes, damage) => {
        const document = parse(text) as Record<string, unknown>;
        for (const mutation of changes) applyStructural(document, mutation);
        expectLoadsOrPositionedError(damage.reduce(applyTextual, stringify(document)));
      }),
      { numRuns: 300 },
    );
  });
});
