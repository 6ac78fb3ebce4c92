import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ScenarioError } from '../errors.ts';
import { parseScenario } from '../scenario/load.ts';
import { corrupt, flipBytes } from './corrupt.ts';

const scenarioWith = (step: string) => `name: corrupt-example
topology:
  postgres: {version: 15, replicas: 1}
steps:
  - ${step}
`;
const load = (step: string) => parseScenario(scenarioWith(step), '/tmp/corrupt-example.yaml');
const messages = (step: string) => {
  try {
    load(step);
  } catch (error) {
    if (error instanceof ScenarioError) return error.issues.map((i) => `${i.path}: ${i.message}`);
    throw error;
  }
  return [];
};

describe('fault corrupt', () => {
  it('resolves its defaults once: the workload table, block 0, 8 bytes', () => {
    const { index: _, at: __, ...step } = load('{fault: corrupt, target: replica-1}').steps[0]!;
    expect(step).toEqual({
      type: 'fault',
      fault: 'corrupt',
      target: 'replica-1',
      table: 'pgdrill_writes',
      block: 0,
      bytes: 8,
      expectFailure: false,
    });
  });

  it('takes a table, a block and a byte count, and is titled by its target', () => {
    const [step] = load('{fault: corrupt, target: pg-2, table: app.accounts, block: 3, bytes: 64}').steps;
    expect(step).toMatchObject({ table: 'app.accounts', block: 3, bytes: 64 });
    if (step?.type !== 'fault' || step.fault !== 'corrupt') throw new Error('not a corrupt step');
    expect(corrupt.title(step)).toBe('fault corrupt pg-2');
  });

  it('refuses what it cannot do: no target, a non-PostgreSQL node, a bad table name, no bytes', () => {
    expect(messages('{fault: corrupt}')).toEqual(['steps[0].target: required key is missing']);
    expect(messages('{fault: corrupt, target: pg-7}')).toEqual([
      'steps[0].target: unknown node "pg-7" (known: primary, replica, replica-1, pg-1, pg-2)',
    ]);
    expect(messages('{fault: corrupt, target: primary, table: "t; drop"}')).toEqual([
      'steps[0].table: a table name, e.g. pgdrill_writes or app.accounts',
    ]);
    expect(messages('{fault: corrupt, target: primary, bytes: 0}')[0]).toMatch(/^steps\[0\]\.bytes: /);
  });

  it('inverts exactly the bytes asked for, in place, with a POSIX shell', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'pgdrill-corrupt-'));
    const file = path.join(dir, 'page');
    const original = Buffer.from(Array.from({ length: 32 }, (_, i) => i * 7));
    writeFileSync(file, original);
    execFileSync('sh', ['-c', flipBytes(file, 10, 4)]);
    const after = readFileSync(file);
    expect(after.length).toBe(32);
    for (let i = 0; i < 32; i++) {
      expect(after[i], `byte ${i}`).toBe(i >= 10 && i < 14 ? 255 - original[i]! : original[i]);
    }
  });
});
