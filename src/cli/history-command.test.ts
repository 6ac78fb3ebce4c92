import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { UsageError } from '../errors.ts';
import { buildRunIndex } from '../report/run-index.ts';
import { makeResult, makeSummary } from '../report/test-result.ts';
import { historyCommand } from './history-command.ts';

let tmp: string;
beforeEach(async () => {
  tmp = await mkdtemp(path.join(tmpdir(), 'pgdrill-history-cmd-'));
});
afterEach(async () => {
  vi.restoreAllMocks();
  await rm(tmp, { recursive: true, force: true });
});

async function writeRun(name: string): Promise<string> {
  const dir = path.join(tmp, 'reports', name);
  await mkdir(path.join(dir, 'kill-primary'), { recursive: true });
  await writeFile(path.join(dir, 'kill-primary', 'result.json'), JSON.stringify(makeResult()));
  const summary = makeSummary({
    runId: name,
    reportDir: dir,
    scenarios: [{ scenario: 'kill-primary', status: 'passed', dir: 'kill-primary', failedExpectations: [] }],
  });
  await writeFile(path.join(dir, 'index.json'), JSON.stringify(buildRunIndex(summary)));
  return dir;
}

describe('historyCommand', () => {
  it('writes history.html to --out (a file, or into a directory) and prints its path', async () => {
    await writeRun('r1');
    await writeRun('r2');
    const stdout = vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
    const out = path.join(tmp, 'site', 'history.html');
    expect(await historyCommand([path.join(tmp, 'reports')], { out })).toBe(0);
    expect(stdout).toHaveBeenCalledWith(`${out}\n`);
    const html = await readFile(out, 'utf8');
    expect(html).toContain('<a href="../reports/r1/index.md" class="mono">r1</a>');
    expect(html).toContain('4.2\u00a0s');
    expect(await historyCommand([path.join(tmp, 'reports')], { out: path.join(tmp, 'site') })).toBe(0);
    expect(stdout).toHaveBeenLastCalledWith(`${path.join(tmp, 'site', 'history.html')}\n`);
  });

  it('is a usage error (exit 2) naming a missing directory', async () => {
    const missing = path.join(tmp, 'missing');
    const error = await historyCommand([missing], { out: path.join(tmp, 'h.html') }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UsageError);
    expect((error as UsageError).exitCode).toBe(2);
    expect((error as UsageError).message).toContain(missing);
  });

  it('is a usage error when every run was skipped', async () => {
    await mkdir(path.join(tmp, 'reports', 'r1', 'kill-primary'), { recursive: true });
    await writeFile(path.join(tmp, 'reports', 'r1', 'kill-primary', 'result.json'), '{}');
    const stderr = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    await expect(
      historyCommand([path.join(tmp, 'reports', 'r1')], { out: path.join(tmp, 'h.html') }),
    ).rejects.toBeInstanceOf(UsageError);
    expect(stderr).toHaveBeenCalledWith(expect.stringContaining('skipping'));
  });
});
