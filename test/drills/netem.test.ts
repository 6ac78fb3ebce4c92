/**
 * netem (delay/loss) where the kernel has sch_netem; where it has not, a scenario asking for it
 * is an infrastructure error (exit 3) that says so — never a drill that silently did nothing.
 */
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import { expectExit, leftoverContainers, pgdrill, readResult, tempDir } from './pgdrill-cli.ts';

async function kernelHasNetem(): Promise<boolean> {
  const { stdout: image } = await execa('docker', ['images', '--format', '{{.Repository}}:{{.Tag}}', 'pgdrill-node']);
  const probe = await execa(
    'docker',
    [
      'run',
      '--rm',
      '--cap-add',
      'NET_ADMIN',
      '--entrypoint',
      'tc',
      image.split('\n')[0]!,
      'qdisc',
      'add',
      'dev',
      'lo',
      'root',
      'netem',
      'delay',
      '1ms',
    ],
    { reject: false },
  );
  return probe.exitCode === 0;
}

const SCENARIO = `name: lag-netem-delay
topology:
  postgres:
    version: 15
    replicas: 1
workload:
  clients: 2
  rate: 50
steps:
  - wait: 1s
  - fault: lag
    target: replica-1
    delay: 200ms
  - wait: 2s
expect:
  rpo:
    lostTransactions: 0
`;

describe('lag with netem delay', () => {
  it('injects the delay where sch_netem exists, and exits 3 naming sch_netem where it does not', async () => {
    const dir = await tempDir('netem');
    const file = path.join(dir, 'netem.yaml');
    await writeFile(file, SCENARIO);
    const reportDir = path.join(dir, 'reports');
    const run = await pgdrill(['run', file, '--report-dir', reportDir]);
    if (await kernelHasNetem()) {
      await expectExit(run, 0);
      const result = await readResult(reportDir, 'lag-netem-delay');
      expect(result.timeline.some((e) => /lag on pg-2: delay 200ms/.test(e.message))).toBe(true);
    } else {
      await expectExit(run, 3);
      expect(run.stdout + run.stderr).toMatch(/no sch_netem/);
      expect(run.stdout + run.stderr).toMatch(/bandwidth/); // the way out it suggests
      const result = await readResult(reportDir, 'lag-netem-delay');
      expect(result.status).toBe('error');
      expect(result.error?.code).toBe('PGDRILL_NETEM_UNAVAILABLE');
    }
    expect(await leftoverContainers(run.pid)).toEqual([]);
  });
});
