/**
 * The command line's promises to CI: bad input is exit 2 with file:line:col and the key, an
 * unreachable Docker is exit 3 with advice, Ctrl-C leaves no container behind.
 */
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { execa, type ResultPromise } from 'execa';
import { describe, expect, it } from 'vitest';
import { expectExit, leftoverContainers, pgdrill, reportToAllure, ROOT, tempDir } from './pgdrill-cli.ts';

const BIN = path.join(ROOT, 'bin', 'pgdrill.mjs');

describe('pgdrill command line', () => {
  it('validates the shipped scenario library', async () => {
    const run = await pgdrill(['validate', 'scenarios']);
    await expectExit(run, 0);
    expect(run.stdout).toMatch(/kill-primary/);
  });

  it('rejects a misspelt key with exit 2, file:line:col and the key path', async () => {
    const dir = await tempDir('bad-scenario');
    const file = path.join(dir, 'typo.yaml');
    await writeFile(
      file,
      [
        'name: typo',
        'topology:',
        '  postgres:',
        '    version: 15',
        '    replicaz: 1',
        'steps:',
        '  - wait: 1s',
        '',
      ].join('\n'),
    );
    const run = await pgdrill(['run', file]);
    expect(run.exitCode).toBe(2);
    expect(run.stderr).toContain(`${file}:5:5`);
    expect(run.stderr).toContain('topology.postgres.replicaz');
    expect(run.stderr).not.toMatch(/\n\s+at /); // no stack trace
  });

  it('rejects an unknown option with exit 2', async () => {
    const run = await pgdrill(['run', '--no-such-option', 'scenarios']);
    expect(run.exitCode).toBe(2);
  });

  it('refuses a PostgreSQL major it cannot drill with exit 2, naming the ones it can, before touching Docker', async () => {
    for (const args of [
      ['setup', '--pg', '15,16'],
      ['run', '--pg', '16', 'scenarios/failover/kill-primary.yaml'],
    ]) {
      const run = await pgdrill(args, { env: { DOCKER_HOST: 'unix:///tmp/pgdrill-no-such-docker.sock' } });
      expect(run.exitCode, run.all).toBe(2);
      expect(run.stderr).toContain(
        '"16" is not a PostgreSQL major pgdrill can drill (15, 17, 18; Debian packages no 16)',
      );
      expect(run.stderr).not.toMatch(/\n\s+at /);
    }
    const both = await pgdrill(['setup', '--no-image', '--pg', '17']);
    expect(both.exitCode).toBe(2);
    expect(both.stderr).toMatch(/give --pg or --no-image, not both/);
  });

  it('exits 3 with advice when Docker does not answer', async () => {
    const run = await pgdrill(
      ['run', 'scenarios/failover/kill-primary.yaml', '--report-dir', await tempDir('no-docker')],
      {
        env: { DOCKER_HOST: 'unix:///tmp/pgdrill-no-such-docker.sock' },
      },
    );
    expect(run.exitCode).toBe(3);
    expect(run.stderr).toMatch(/Docker does not answer/);
    expect(run.stderr).toMatch(/pgdrill setup/);
  });

  it('clean removes what a killed run left behind, and doctor says the machine is ready afterwards', async () => {
    // What a `kill -9`ed pgdrill leaves: labelled containers, a network, a volume — named per
    // test process, so a leftover of an earlier interrupted test run cannot collide with them.
    const runId = `killed-run-${process.pid}`;
    const labels = ['--label', 'io.pgdrill.managed=true', '--label', `io.pgdrill.run-id=${runId}`];
    const { stdout: image } = await execa('docker', ['images', '--format', '{{.Repository}}:{{.Tag}}', 'pgdrill-node']);
    await execa('docker', ['network', 'create', ...labels, `pgdrill-${runId}`]);
    await execa('docker', ['volume', 'create', ...labels, `pgdrill-${runId}-archive`]);
    await execa('docker', [
      'create',
      ...labels,
      '--name',
      `pgdrill-${runId}-pg-1`,
      '--network',
      `pgdrill-${runId}`,
      image.split('\n')[0]!,
      'idle',
    ]);
    const before = await pgdrill(['doctor']);
    expect(before.exitCode).toBe(3);
    expect(before.stdout).toMatch(/leftover/);
    expect(before.stdout).toMatch(/pgdrill clean/);

    const clean = await pgdrill(['clean']);
    expect(clean.exitCode, clean.all).toBe(0);
    expect(clean.stdout).toMatch(/removed 1 container\(s\), 1 network\(s\), 1 volume\(s\)/);
    const { stdout: left } = await execa('docker', ['ps', '-a', '--filter', `label=io.pgdrill.run-id=${runId}`, '-q']);
    expect(left).toBe('');

    const after = await pgdrill(['doctor']);
    expect(after.exitCode, after.all).toBe(0);
    expect(after.stdout).toMatch(/✔ no leftovers/);
  });

  it('removes every container when interrupted with Ctrl-C in the middle of a drill', async () => {
    const args = ['run', 'scenarios/failover/kill-primary.yaml', '--report-dir', await tempDir('sigint')];
    const child = execa(process.execPath, [BIN, ...args], {
      cwd: ROOT,
      reject: false,
      all: true,
    });
    // Interrupt once the workload is running against live containers.
    await untilOutput(child, '▶ wait', 'the drill never reached its first step');
    expect((await leftoverContainers(child.pid)).length).toBeGreaterThan(0);
    child.kill('SIGINT');
    const result = await child;
    await reportToAllure({ args, reportDir: args[3], exitCode: result.exitCode, all: String(result.all) });
    expect(result.exitCode).toBe(130);
    expect(await leftoverContainers(child.pid)).toEqual([]);
  });

  it('exits promptly with nothing left when stopped (SIGTERM) while its Patroni nodes are still starting', async () => {
    const args = ['run', 'scenarios/ha/patroni-team-yml.yaml', '--report-dir', await tempDir('sigterm-start')];
    // pgdrill's own exit is measured: execa would otherwise SIGKILL it 5 s after the SIGTERM
    const child = execa(process.execPath, [BIN, ...args], {
      cwd: ROOT,
      reject: false,
      all: true,
      forceKillAfterDelay: false,
    });
    await untilOutput(child, 'starting 2 node(s)', 'the drill never began starting its nodes');
    // mid-start: etcd and the nodes are being created; the leader wait has not begun
    await new Promise((resolve) => setTimeout(resolve, 3_000));
    const stoppedAt = Date.now();
    child.kill('SIGTERM');
    const result = await child;
    await reportToAllure({ args, reportDir: args[3], exitCode: result.exitCode, all: String(result.all) });
    expect(result.exitCode).toBe(143);
    // the waits of a start that does not listen to the abort (the leader election's 120 s) do not hold it
    expect(Date.now() - stoppedAt).toBeLessThan(30_000);
    expect(await leftoverContainers(child.pid)).toEqual([]);
  });
});

/** Until the drill's progress (stderr) shows `text`; fails after 2 minutes with `never`. */
function untilOutput(child: ResultPromise, text: string, never: string): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(never)), 120_000);
    child.stderr!.on('data', (chunk: Buffer) => {
      if (chunk.toString().includes(text)) {
        clearTimeout(timer);
        resolve();
      }
    });
  });
}
