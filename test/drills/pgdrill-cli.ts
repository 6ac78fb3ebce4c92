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
  exitCode: number | undefined;
  stdout: string;
  stderr: string;
  /** stdout and stderr interleaved, for assertion messages */
  all: string;
}

export async function pgdrill(args: string[], options: { env?: Record<string, string> } = {}): Promise<PgdrillRun> {
  const run = await execa(process.execPath, [BIN, ...args], { cwd: ROOT, reject: false, all: true, env: options.env });
  return { exitCode: run.exitCode, stdout: String(run.stdout), stderr: String(run.stderr), all: String(run.all) };
}

export const tempDir = (prefix: string) => mkdtemp(path.join(tmpdir(), `pgdrill-${prefix}-`));

export async function readResult(reportDir: string, scenario: string): Promise<ScenarioResult> {
  return JSON.parse(await readFile(path.join(reportDir, scenario, 'result.json'), 'utf8')) as ScenarioResult;
}

/** Containers pgdrill created that still exist (should be none after any run). */
export async function leftoverContainers(): Promise<string[]> {
  const { stdout } = await execa('docker', ['ps', '-a', '--filter', 'label=io.pgdrill.managed=true', '--format', '{{.Names}}']);
  return stdout.split('\n').filter(Boolean);
}
