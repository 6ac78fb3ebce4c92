/**
 * pgdrill under its own faults, caused as a user or a machine would cause them: the process
 * SIGKILLed mid-drill, the report folder's disk full, the Docker engine stopping mid-drill.
 * Each must end in a state a user can act on: nothing left behind after `pgdrill clean`, exit 3
 * with what to do next, never a manifest certifying a run folder that lacks part of the run.
 */
import { readdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { execa } from 'execa';
import { afterAll, describe, expect, it } from 'vitest';
import { leftoverContainers, pgdrill, ROOT, reportToAllure, tempDir } from './pgdrill-cli.ts';

const BIN = path.join(ROOT, 'bin', 'pgdrill.mjs');

/** Containers, networks and volumes whose owner label names the pgdrill process `pid`. */
async function leftovers(pid: number | undefined): Promise<string[]> {
  const owned = async (kind: 'network' | 'volume') => {
    const { stdout } = await execa('docker', [
      kind,
      'ls',
      '--filter',
      'label=io.pgdrill.owner',
      '--format',
      `{{.Name}} {{.Label "io.pgdrill.owner"}}`,
    ]);
    return stdout
      .split('\n')
      .filter((line) => line.endsWith(`:${pid}`))
      .map((line) => `${kind} ${line.split(' ')[0]}`);
  };
  return [...(await leftoverContainers(pid)), ...(await owned('network')), ...(await owned('volume'))];
}

/** Starts `pgdrill ARGS` and resolves once its progress shows `marker` (the drill is under way). */
async function startUntil(args: string[], marker: string) {
  const child = execa(process.execPath, [BIN, ...args], { cwd: ROOT, reject: false, all: true });
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the drill never printed ${marker}`)), 180_000);
    child.stderr?.on('data', (chunk: Buffer) => {
      if (chunk.toString().includes(marker)) {
        clearTimeout(timer);
        resolve();
      }
    });
    child.catch(reject);
  });
  return { child }; // wrapped: the subprocess is thenable, and returning it bare would await its end
}

describe('pgdrill under its own faults', () => {
  it('SIGKILLed mid-drill: its containers, network and volumes remain, and `pgdrill clean` removes every one', async () => {
    const args = ['run', 'scenarios/failover/kill-primary.yaml', '--report-dir', await tempDir('sigkill')];
    const { child } = await startUntil(args, '▶ fault');
    const pid = child.pid;
    child.kill('SIGKILL'); // no handler runs: as `kill -9` or the OOM killer would end it
    const ended = await child;
    expect(ended.signal).toBe('SIGKILL');
    expect((await leftovers(pid)).length).toBeGreaterThan(0);

    const clean = await pgdrill(['clean']);
    expect(clean.exitCode, clean.all).toBe(0);
    expect(clean.stdout).toMatch(/removed [1-9]\d* container\(s\)/);
    expect(await leftovers(pid)).toEqual([]);
  });

  it('the Docker engine stopped mid-drill: exit 3 with what to do, not a hang; after setup and clean nothing is left', async () => {
    const args = ['run', 'scenarios/failover/kill-primary.yaml', '--report-dir', await tempDir('engine-stop')];
    const { child } = await startUntil(args, '▶ fault');
    const dockerd =
      (await readFile('/var/run/docker.pid', 'utf8').catch(() => '')).trim() ||
      (await execa('pidof', ['dockerd'])).stdout.trim();
    try {
      process.kill(Number(dockerd), 'SIGTERM'); // as `systemctl stop docker` or a crash would
      // Liveness, not speed: a harness that waits on a dead engine for ever fails here.
      const bound = new Promise<'hung'>((resolve) => setTimeout(() => resolve('hung'), 180_000).unref());
      const ended = await Promise.race([child, bound]);
      if (ended === 'hung') child.kill('SIGKILL');
      expect(ended).not.toBe('hung');
      if (ended === 'hung') return;
      expect(ended.exitCode, String(ended.all)).toBe(3);
      expect(ended.stderr).toMatch(/the Docker engine stopped answering during the drill/);
      expect(ended.stderr).toMatch(/pgdrill setup.*pgdrill clean/s);
      expect(ended.stderr).not.toMatch(/\n\s+at /); // no stack trace
    } finally {
      const setup = await pgdrill(['setup']);
      expect(setup.exitCode, setup.all).toBe(0);
      const clean = await pgdrill(['clean']);
      expect(clean.exitCode, clean.all).toBe(0);
    }
    expect(await leftovers(child.pid)).toEqual([]);
  });

  describe('the report folder on a full disk', () => {
    let mount: string | undefined;
    afterAll(async () => {
      if (mount === undefined) return;
      await execa('umount', [mount], { reject: false });
      await rm(mount, { recursive: true, force: true });
    });

    it('exits 3 saying what to do, writes no manifest, and leaves no container', async () => {
      mount = await tempDir('disk-full');
      // A real full disk: a small tmpfs filled to the last block before the drill starts. Needs
      // root, as the engine does; a machine where it fails, fails here loudly.
      await execa('mount', ['-t', 'tmpfs', '-o', 'size=1m', 'tmpfs', mount]);
      const fill = await execa('dd', ['if=/dev/zero', `of=${path.join(mount, 'ballast')}`, 'bs=4k'], { reject: false });
      expect(fill.stderr).toMatch(/No space left on device/);
      const reportDir = path.join(mount, 'report');
      const scenario = path.join(await tempDir('disk-full-scenario'), 'tiny.yaml');
      await writeFile(
        scenario,
        'name: disk-full-report\ntopology:\n  postgres:\n    version: 15\n    replicas: 1\nworkload:\n  clients: 2\n  rate: 100\nsteps:\n  - wait: 2s\n',
      );
      const args = ['run', scenario, '--report-dir', reportDir];
      // not through pgdrill(): Allure reads attached files after the test, when this disk is gone
      const child = execa(process.execPath, [BIN, ...args], { cwd: ROOT, reject: false, all: true });
      const run = await child;
      await reportToAllure({ args, reportDir: undefined, exitCode: run.exitCode, all: String(run.all) });
      expect(run.exitCode, run.all).toBe(3);
      expect(run.stderr).toMatch(/no space left on device/i);
      expect(run.stderr).toMatch(/Free space in .* and run the drill again/);
      expect(run.stderr).not.toMatch(/\n\s+at /); // no stack trace
      // the folder may not even exist (the disk refused it): only that is no listing
      const written = await readdir(reportDir, { recursive: true }).catch((error: NodeJS.ErrnoException) => {
        expect(error.code).toBe('ENOENT');
        return [];
      });
      expect(written.filter((f) => path.basename(f).startsWith('manifest'))).toEqual([]);
      expect(await leftovers(child.pid)).toEqual([]);
    });
  });
});
