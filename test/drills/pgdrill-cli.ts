/** Runs the real `pgdrill` command as a user would, for the drill tests. */
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { execa } from 'execa';
import type { ScenarioResult } from '../../src/report/result.ts';

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const BIN = path.join(ROOT, 'bin', 'pgdrill.mjs');

export interface PgdrillRun {
  /** of the pgdrill process: its containers carry it in their owner label */
  pid: number | undefined;
  exitCode: number | undefined;
  stdout: string;
  stderr: string;
  /** stdout and stderr interleaved, for assertion messages */
  all: string;
}

export async function pgdrill(args: string[], options: { env?: Record<string, string> } = {}): Promise<PgdrillRun> {
  const child = execa(process.execPath, [BIN, ...args], { cwd: ROOT, reject: false, all: true, env: options.env });
  const run = await child;
  return { pid: child.pid, exitCode: run.exitCode, stdout: String(run.stdout), stderr: String(run.stderr), all: String(run.all) };
}

export const tempDir = (prefix: string) => mkdtemp(path.join(tmpdir(), `pgdrill-${prefix}-`));

export async function readResult(reportDir: string, scenario: string): Promise<ScenarioResult> {
  return JSON.parse(await readFile(path.join(reportDir, scenario, 'result.json'), 'utf8')) as ScenarioResult;
}

/**
 * Containers that the pgdrill process `pid` created and that still exist (none, after any run).
 * Only its own: other drills may be running on the same engine.
 */
export async function leftoverContainers(pid: number | undefined): Promise<string[]> {
  if (pid === undefined) throw new Error('pgdrill never started');
  const { stdout } = await execa('docker', ['ps', '-a', '--filter', 'label=io.pgdrill.owner', '--format', '{{.Names}} {{.Label "io.pgdrill.owner"}}']);
  return stdout
    .split('\n')
    .filter((line) => line.endsWith(`:${pid}`))
    .map((line) => line.split(' ')[0]!);
}
