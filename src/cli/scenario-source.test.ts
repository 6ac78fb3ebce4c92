import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadScenario } from '../scenario/load.ts';
import { locateScenario } from './scenario-source.ts';

const YAML = `name: located
topology:
  postgres:
    version: 15
    replicas: 1
steps:
  - wait: 1s
  - fault: kill
    target: primary
expect:
  rto:
    maxSeconds: 15
  splitBrain: none
`;

describe('locateScenario', () => {
  it("gives each step's line and each expectation's key line, and leaves out names not under expect", async () => {
    const file = path.join(await mkdtemp(path.join(tmpdir(), 'pgdrill-src-')), 'located.yaml');
    await writeFile(file, YAML);
    const scenario = await loadScenario(file);
    const source = (await locateScenario(scenario)).sourceFor(['rto.maxSeconds', 'splitBrain', 'nightly']);
    expect(source.steps.map((s) => s.line)).toEqual([7, 8]);
    expect(source.expectations['rto.maxSeconds']).toMatchObject({ line: 12, column: 5 });
    expect(source.expectations.splitBrain).toMatchObject({ line: 13, column: 3 });
    expect(source.expectations).not.toHaveProperty('nightly');
  });
});
