import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdir, mkdtemp, realpath, writeFile } from 'node:fs/promises';
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

/** A repository with a scenario, its SQL and its runbook, committed. */
async function repository(): Promise<{ root: string; file: string }> {
  const root = await realpath(await mkdtemp(path.join(tmpdir(), 'pgdrill-prov-')));
  for (const dir of ['scenarios', 'sql', 'runbooks']) await mkdir(path.join(root, dir));
  await writeFile(path.join(root, 'scenarios', 'p.yaml'), SCENARIO);
  await writeFile(path.join(root, 'sql', 'schema.sql'), 'CREATE TABLE t (id int);\n');
  await writeFile(path.join(root, 'runbooks', 'promote.sh'), '#!/bin/sh\npg_ctl promote\n');
  const git = (...args: string[]) => execFileSync('git', ['-C', root, ...args], { stdio: 'pipe' });
  git('init', '-q');
  git('add', '.');
  git('-c', 'user.name=t', '-c', 'user.email=t@example.com', 'commit', '-qm', 'drill');
  return { root, file: path.join(root, 'scenarios', 'p.yaml') };
}

describe('provenanceOf', () => {
  it('fingerprints the scenario and every file it names, relative to the repository, with its commit', async () => {
    const { root, file } = await repository();
    const scenario = parseScenario(SCENARIO, file);
    expect(inputFilesOf(scenario).map((f) => f.role)).toEqual(['scenario', 'data', 'step 1 (procedure)']);
    const prov = await provenanceOf(scenario, {});
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

  it('MUST name an input that differs from the commit, and prefer GITHUB_SHA for the commit', async () => {
    const { root, file } = await repository();
    await writeFile(path.join(root, 'runbooks', 'promote.sh'), '#!/bin/sh\npg_ctl promote -w\n');
    const prov = await provenanceOf(parseScenario(SCENARIO, file), { GITHUB_SHA: 'abc123' });
    expect(prov.commit).toBe('abc123');
    expect(prov.uncommitted).toEqual(['runbooks/promote.sh']);
    expect(prov.inputs[1]?.sha256).toBe(sha('#!/bin/sh\npg_ctl promote -w\n'));
  });

  it('outside a repository: no commit, uncommitted unknown, paths relative to the working directory', async () => {
    const dir = await realpath(await mkdtemp(path.join(tmpdir(), 'pgdrill-prov-')));
    const file = path.join(dir, 'p.yaml');
    const text = 'name: p\ntopology:\n  postgres:\n    version: 15\nsteps:\n  - wait: 1s\n';
    await writeFile(file, text);
    const prov = await provenanceOf(parseScenario(text, file), {});
    expect(prov).toMatchObject({ commit: null, uncommitted: null, inputs: [] });
    expect(prov.scenario.path).toBe(path.relative(process.cwd(), file).split(path.sep).join('/'));
    expect(path.isAbsolute(prov.scenario.path)).toBe(false);
  });
});
