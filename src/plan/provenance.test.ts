import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdir, mkdtemp, realpath, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseScenario } from '../scenario/load.ts';
import { inputFilesOf, provenanceOf } from './provenance.ts';

const SCENARIO = `name: p
topology:
  postgres:
    version: 15
data:
  sql: ../sql/schema.sql
steps:
  - procedure: script
    target: primary
    file: ../runbooks/promote.sh
`;
const sha = (text: string) => createHash('sha256').update(text).digest('hex');
/** git in `root`; `commit` as a throwaway author */
const git = (root: string, ...args: string[]) => execFileSync('git', ['-C', root, ...args], { stdio: 'pipe' });
const commit = (root: string, ...args: string[]) =>
  git(root, '-c', 'user.name=t', '-c', 'user.email=t@example.com', 'commit', '-q', ...args);

/** A repository with a scenario, its SQL and its runbook, committed. */
async function repository(): Promise<{ root: string; file: string }> {
  const root = await realpath(await mkdtemp(path.join(tmpdir(), 'pgdrill-prov-')));
  for (const dir of ['scenarios', 'sql', 'runbooks']) await mkdir(path.join(root, dir));
  await writeFile(path.join(root, 'scenarios', 'p.yaml'), SCENARIO);
  await writeFile(path.join(root, 'sql', 'schema.sql'), 'CREATE TABLE t (id int);\n');
  await writeFile(path.join(root, 'runbooks', 'promote.sh'), '#!/bin/sh\npg_ctl promote\n');
  git(root, 'init', '-q');
  git(root, 'add', '.');
  commit(root, '-m', 'drill');
  return { root, file: path.join(root, 'scenarios', 'p.yaml') };
}

describe('provenanceOf', () => {
  it('fingerprints the scenario and every file it names, relative to the repository, with its commit', async () => {
    const { root, file } = await repository();
    const scenario = parseScenario(SCENARIO, file);
    expect(inputFilesOf(scenario).map((f) => f.role)).toEqual(['scenario', 'data', 'step 1 (procedure)']);
    const { provenance: prov, scenarioText } = await provenanceOf(scenario, {});
    expect(scenarioText).toBe(SCENARIO);
    const head = execFileSync('git', ['-C', root, 'rev-parse', 'HEAD']).toString().trim();
    expect(prov).toEqual({
      scenario: { path: 'scenarios/p.yaml', sha256: sha(SCENARIO), role: 'scenario' },
      inputs: [
        { path: 'sql/schema.sql', sha256: sha('CREATE TABLE t (id int);\n'), role: 'data' },
        { path: 'runbooks/promote.sh', sha256: sha('#!/bin/sh\npg_ctl promote\n'), role: 'step 1 (procedure)' },
      ],
      commit: head,
      uncommitted: [],
    });
  });

  it('MUST name an input that differs from the commit; the commit is HEAD, not GITHUB_SHA', async () => {
    const { root, file } = await repository();
    await writeFile(path.join(root, 'runbooks', 'promote.sh'), '#!/bin/sh\npg_ctl promote -w\n');
    const { provenance: prov } = await provenanceOf(parseScenario(SCENARIO, file), { GITHUB_SHA: 'abc123' });
    expect(prov.commit).toBe(execFileSync('git', ['-C', root, 'rev-parse', 'HEAD']).toString().trim());
    expect(prov.uncommitted).toEqual(['runbooks/promote.sh']);
    expect(prov.inputs[1]?.sha256).toBe(sha('#!/bin/sh\npg_ctl promote -w\n'));
  });

  it('MUST name an ignored input and one outside the repository: the commit does not hold them', async () => {
    const { root, file } = await repository();
    await writeFile(path.join(root, '.gitignore'), 'sql/\n');
    git(root, 'rm', '-q', '--cached', 'sql/schema.sql');
    git(root, 'add', '.gitignore');
    commit(root, '-m', 'ignore sql');
    const outside = await realpath(await mkdtemp(path.join(tmpdir(), 'pgdrill-prov-out-')));
    await writeFile(path.join(outside, 'promote.sh'), 'echo\n');
    const text = SCENARIO.replace('../runbooks/promote.sh', path.join(outside, 'promote.sh'));
    await writeFile(file, text);
    commit(root, '-am', 'outside');
    const { provenance: prov } = await provenanceOf(parseScenario(text, file), {});
    expect(prov.uncommitted).toEqual(['sql/schema.sql', path.relative(root, path.join(outside, 'promote.sh'))]);
  });

  it('follows a symlink to the scenario into its repository, and lists nothing else of it', async () => {
    const { root } = await repository();
    await writeFile(path.join(root, 'unrelated.env'), 'X=1\n');
    const link = path.join(await mkdtemp(path.join(tmpdir(), 'pgdrill-prov-link-')), 'checkout');
    await symlink(root, link);
    const { provenance: prov } = await provenanceOf(
      parseScenario(SCENARIO, path.join(link, 'scenarios', 'p.yaml')),
      {},
    );
    expect(prov.scenario.path).toBe('scenarios/p.yaml');
    expect(prov.uncommitted).toEqual([]);
  });

  it('outside a repository: no commit, uncommitted unknown, paths relative to the working directory', async () => {
    const dir = await realpath(await mkdtemp(path.join(tmpdir(), 'pgdrill-prov-')));
    const file = path.join(dir, 'p.yaml');
    const text = 'name: p\ntopology:\n  postgres:\n    version: 15\nsteps:\n  - wait: 1s\n';
    await writeFile(file, text);
    const { provenance: prov } = await provenanceOf(parseScenario(text, file), {});
    expect(prov).toMatchObject({ commit: null, uncommitted: null, inputs: [] });
    expect(prov.scenario.path).toBe(path.relative(process.cwd(), file).split(path.sep).join('/'));
    expect(path.isAbsolute(prov.scenario.path)).toBe(false);
  });
});
