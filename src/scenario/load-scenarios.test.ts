import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ScenarioError, UsageError } from '../errors.ts';
import { loadScenario, loadScenarios } from './load.ts';

const REPO_ROOT = path.resolve(import.meta.dirname, '../..');
const scenario = (name: string) => `name: ${name}\ntopology:\n  postgres:\n    version: 15\nsteps:\n  - wait: 1s\n`;

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'pgdrill-scenarios-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function put(relative: string, text: string): Promise<string> {
  const file = path.join(dir, relative);
  await mkdir(path.dirname(file), { recursive: true });
  await writeFile(file, text);
  return file;
}

describe('loadScenarios', () => {
  it('loads the scenarios shipped with pgdrill', async () => {
    const scenarios = await loadScenarios([path.join(REPO_ROOT, 'scenarios')]);
    expect(scenarios.map((s) => s.name)).toContain('kill-primary');
  });

  it('finds *.yaml and *.yml beneath a directory, recursively, in path order', async () => {
    await put('b/two.yml', scenario('two'));
    await put('a/deeper/one.yaml', scenario('one'));
    await put('c.yaml', scenario('three'));
    await put('notes.txt', 'not a scenario');
    await put('.hidden/skip.yaml', 'not: [valid');
    const scenarios = await loadScenarios([dir]);
    expect(scenarios.map((s) => path.relative(dir, s.file))).toEqual([
      path.join('a', 'deeper', 'one.yaml'),
      path.join('b', 'two.yml'),
      'c.yaml',
    ]);
  });

  it('takes files as given and loads a file named twice once', async () => {
    const file = await put('x.scenario', scenario('x'));
    expect((await loadScenarios([file, file])).map((s) => s.name)).toEqual(['x']);
    // a folder, though, stands for its *.yaml / *.yml only: this one holds none
    await expect(loadScenarios([file, dir])).rejects.toThrow(/no scenario files \(\*\.yaml, \*\.yml\) in/);
  });

  it('reports scenario names used twice, pointing at both', async () => {
    const first = await put('a.yaml', scenario('same'));
    const second = await put('b.yaml', scenario('same'));
    const error = await loadScenarios([dir]).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ScenarioError);
    expect((error as ScenarioError).issues).toEqual([
      {
        position: { file: second, line: 1, column: 7 },
        path: 'name',
        message: `scenario name "same" is already used by ${first}:1:7`,
      },
    ]);
  });

  it("reports every file's problems together", async () => {
    await put('a.yaml', scenario('a').replace('1s', '1x'));
    await put('b.yaml', scenario('b').replace('version: 15', 'version: 16'));
    const error = (await loadScenarios([dir]).catch((e: unknown) => e)) as ScenarioError;
    expect(error.message.split('\n')).toEqual([
      expect.stringMatching(/a\.yaml:6:11 steps\[0\]\.wait: invalid duration "1x"/),
      expect.stringMatching(
        /b\.yaml:4:14 topology\.postgres\.version: pgdrill cannot drill PostgreSQL 16: write one of 15, 17, 18/,
      ),
    ]);
  });

  it('rejects a path that does not exist as a usage error', async () => {
    await expect(loadScenarios([path.join(dir, 'missing')])).rejects.toBeInstanceOf(UsageError);
    await expect(loadScenario(path.join(dir, 'missing.yaml'))).rejects.toThrow(/no such file/);
  });
});
