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

  it('without version runs on the newest major', async () => {
    await put('a.yaml', 'name: a\ntopology:\n  postgres: {}\nsteps:\n  - wait: 1s\n');
    const [a] = await loadScenarios([dir]);
    expect(a!.topology.postgres.version).toBe(18);
  });

  describe('on several majors (run --pg)', () => {
    const withSetting = (setting: string) =>
      scenario('t').replace('    version: 15\n', `    version: 15\n    settings:\n      ${setting}\n`);

    it('puts every scenario on each major, named <scenario>@pg<major>', async () => {
      await put('a.yaml', scenario('a'));
      const loaded = await loadScenarios([dir], [15, 17, 18]);
      expect(loaded.map((s) => [s.name, s.topology.postgres.version])).toEqual([
        ['a@pg15', 15],
        ['a@pg17', 17],
        ['a@pg18', 18],
      ]);
      const [one] = await loadScenarios([dir], [17]);
      expect([one!.name, one!.topology.postgres.version]).toEqual(['a', 17]); // one major: the name stays
    });

    it('leaves a setting only the other major refuses for the run to find, with why', async () => {
      await put('t.yaml', withSetting('promote_trigger_file: /tmp/promote'));
      const [on15, on17] = await loadScenarios([dir], [15, 17]);
      expect(on15!.refusedSettings).toBeUndefined();
      expect(on17!.refusedSettings).toEqual([
        {
          setting: 'promote_trigger_file',
          why: 'PostgreSQL 17 has no parameter "promote_trigger_file": PostgreSQL 16 removed it: promote with pg_ctl promote or SELECT pg_promote()',
        },
      ]);
    });

    it('leaves a step only the other major cannot take for the run to meet (incremental pg_basebackup on 15)', async () => {
      const incremental = scenario('t')
        .replace('version: 15', 'version: 17')
        .replace(
          /steps:\n[\s\S]*$/,
          'steps:\n  - {procedure: backup, method: pg_basebackup, name: f}\n  - {procedure: backup, method: pg_basebackup, name: i, type: incr}\n',
        );
      await put('t.yaml', incremental);
      const copies = await loadScenarios([dir], [15, 17]);
      expect(copies.map((s) => s.name)).toEqual(['t@pg15', 't@pg17']);
      await put('t.yaml', incremental.replace('version: 17', 'version: 15'));
      await expect(loadScenarios([dir], [15, 17])).rejects.toThrow(/came with PostgreSQL 17; this scenario runs 15/);
    });

    it('MUST still refuse a setting its own major refuses, and one written for the major named', async () => {
      await put('t.yaml', withSetting('wal_keep_size: 1h'));
      await expect(loadScenarios([dir], [15, 17])).rejects.toThrow(/wal_keep_size/);
      await put('t.yaml', withSetting('promote_trigger_file: /tmp/promote').replace('version: 15', 'version: 17'));
      await expect(loadScenarios([dir])).rejects.toThrow(/PostgreSQL 17 has no parameter "promote_trigger_file"/);
    });
  });
});
