/** Runs the real `pgdrill` command as a user would, for the drill tests. */
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { execa } from 'execa';
import { expect, it } from 'vitest';
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

/**
 * One test per scenario in `folder`: it runs through the real CLI and passes, its timeline
 * carries each piece of evidence that the fault or procedure really happened, and nothing of the
 * run is left in Docker.
 */
export function drillsWithEvidence(folder: string, drills: { scenario: string; evidence: RegExp[] }[]): void {
  for (const { scenario, evidence } of drills) {
    it(`${scenario}: passes, with its evidence in the timeline`, async () => {
      const reportDir = await tempDir(scenario);
      const run = await pgdrill(['run', `${folder}/${scenario}.yaml`, '--report-dir', reportDir]);
      expect(run.exitCode, run.all).toBe(0);
      const result = await readResult(reportDir, scenario);
      expect(result.status).toBe('passed');
      const messages = result.timeline.map((e) => e.message);
      for (const pattern of evidence) expect(messages.some((m) => pattern.test(m)), `${pattern} in\n${messages.join('\n')}`).toBe(true);
      expect(await leftoverContainers(run.pid)).toEqual([]);
    });
  }
}
