/**
 * The fingerprints of what a drill is about to read: the scenario, its data SQL and every
 * runbook, by SHA-256, with the repository commit they came from. Read once, before any container
 * starts, so the record is of the files as they were when the drill began. Only `pgdrill run`
 * needs it: validate stays free of git and hashing.
 */
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import type { InputFile, Provenance } from '../model/provenance.ts';
import type { Scenario } from '../scenario/scenario.ts';

const run = promisify(execFile);

/** git's output, or null when git is missing, the folder is no repository, or it takes too long. */
async function git(cwd: string, args: string[]): Promise<string | null> {
  try {
    const { stdout } = await run('git', ['-C', cwd, ...args], { timeout: 10_000 });
    return stdout;
  } catch {
    return null;
  }
}

/** Every file the scenario names, absolute, with the part it plays. */
export function inputFilesOf(scenario: Scenario): { file: string; role: string }[] {
  const files = [{ file: scenario.file, role: 'scenario' }];
  if (scenario.data.sqlFile) files.push({ file: scenario.data.sqlFile, role: 'data' });
  for (const [i, step] of scenario.steps.entries()) {
    if ('file' in step && typeof step.file === 'string')
      files.push({ file: step.file, role: `step ${i + 1} (${step.type})` });
  }
  return files;
}

export async function provenanceOf(scenario: Scenario, env: NodeJS.ProcessEnv = process.env): Promise<Provenance> {
  const dir = path.dirname(scenario.file);
  const root = (await git(dir, ['rev-parse', '--show-toplevel']))?.trim() || null;
  const base = root ?? process.cwd();
  const shown = (file: string) => path.relative(base, file).split(path.sep).join('/');
  const seen = new Set<string>();
  const fingerprints: InputFile[] = [];
  for (const { file, role } of inputFilesOf(scenario)) {
    if (seen.has(file)) continue;
    seen.add(file);
    const sha256 = createHash('sha256')
      .update(await readFile(file))
      .digest('hex');
    fingerprints.push({ path: shown(file), sha256, role });
  }
  const [scenarioFile, ...inputs] = fingerprints as [InputFile, ...InputFile[]];
  const head = root === null ? null : await git(root, ['rev-parse', 'HEAD']);
  const commit = env.GITHUB_SHA || head?.trim() || null;
  let uncommitted: string[] | null = null;
  if (root !== null) {
    // only files inside the repository can differ from its commit; -z: paths exactly as they are
    const inside = fingerprints.map((f) => f.path).filter((f) => !f.startsWith('../'));
    const status = await git(root, ['status', '--porcelain=v1', '-z', '--untracked-files=all', '--', ...inside]);
    uncommitted =
      status === null
        ? null
        : status
            .split('\0')
            .filter((e) => e.length > 3)
            .map((e) => e.slice(3));
  }
  return { scenario: scenarioFile, inputs, commit, uncommitted };
}
