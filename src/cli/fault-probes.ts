/**
 * Which fault kinds this host can inject, found by trying each mechanism once in a throwaway
 * container of the node image (NET_ADMIN, a size-limited tmpfs), labelled as pgdrill's so that
 * `pgdrill clean` removes it if doctor is stopped half-way. What `pgdrill doctor` lists, and
 * what `validate` warns about.
 */
import os from 'node:os';
import { execa } from 'execa';
import { NETEM_PROBE } from '../faults/tc.ts';
import { LABEL_MANAGED, LABEL_OWNER } from '../topology/docker-client.ts';

import type { FaultProbe } from './fault-availability.ts';

const IN_NODE: { fault: string; script: string; how: string; absent: string }[] = [
  {
    fault: 'partition',
    script: 'iptables -N PGDRILL_PROBE && iptables -X PGDRILL_PROBE',
    how: 'iptables in the node’s network namespace (NET_ADMIN)',
    absent: 'iptables cannot change rules in a container here: partitions cannot be injected',
  },
  {
    fault: 'lag bandwidth',
    script: 'tc qdisc add dev lo root handle 1: htb && tc qdisc del dev lo root',
    how: 'tc htb on the primary’s link to the replica',
    absent: 'the kernel has no htb qdisc: lag bandwidth cannot be shaped (applyDelay and pauseReplay still work)',
  },
  {
    fault: 'lag delay / loss',
    script: NETEM_PROBE,
    how: 'tc netem (sch_netem)',
    absent:
      'the kernel has no sch_netem (common in minimal kernels): lag delay and loss cannot be injected; bandwidth, applyDelay and pauseReplay still work',
  },
  {
    fault: 'disk-full',
    script:
      'dd if=/dev/zero of=/probe/fill bs=64k count=64 2>/dev/null; test "$(df --output=avail /probe | tail -1)" -lt 64',
    how: 'a size-limited tmpfs filled to ENOSPC',
    absent: 'a size-limited tmpfs did not fill: disk-full cannot be injected',
  },
];

/** Every probe, or one saying why none could run (no engine, no node image). */
export async function probeFaults(image: string): Promise<FaultProbe[]> {
  const labels = ['--label', `${LABEL_MANAGED}=true`, '--label', `${LABEL_OWNER}=${os.hostname()}:${process.pid}`];
  const started = await execa(
    'docker',
    [
      'run',
      '-d',
      '--rm',
      ...labels,
      '--cap-add',
      'NET_ADMIN',
      '--tmpfs',
      '/probe:size=1m',
      '--entrypoint',
      'sleep',
      image,
      '120',
    ],
    { reject: false },
  );
  if (started.exitCode !== 0)
    return [
      { fault: 'every fault', available: false, how: `no probe container could start: ${started.stderr.trim()}` },
    ];
  const id = started.stdout.trim();
  try {
    const out: FaultProbe[] = [
      { fault: 'kill, stop, restart', available: true, how: 'docker kill / stop and pg_ctl: nothing from the kernel' },
    ];
    for (const probe of IN_NODE) {
      const run = await execa('docker', ['exec', '-u', 'root', id, 'bash', '-c', probe.script], { reject: false });
      out.push({
        fault: probe.fault,
        available: run.exitCode === 0,
        how: run.exitCode === 0 ? probe.how : `${probe.absent} (${firstLine(run.stderr) || `exit ${run.exitCode}`})`,
      });
    }
    const paused = await execa('docker', ['pause', id], { reject: false });
    if (paused.exitCode === 0) await execa('docker', ['unpause', id], { reject: false });
    out.push({
      fault: 'pause',
      available: paused.exitCode === 0,
      how: paused.exitCode === 0 ? 'docker pause (cgroup freezer)' : `docker pause failed: ${firstLine(paused.stderr)}`,
    });
    out.push({
      fault: 'corrupt',
      available: true,
      how: 'bytes overwritten in a relation file: nothing from the kernel',
    });
    return out;
  } finally {
    await execa('docker', ['rm', '-f', id], { reject: false });
  }
}

const firstLine = (text: string) => text.trim().split('\n')[0]?.slice(0, 160) ?? '';
