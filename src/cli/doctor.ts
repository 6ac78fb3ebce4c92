/** `pgdrill doctor`: what a drill needs, what is missing and how to get it. Changes nothing. */
import { execa } from 'execa';
import type { ExitCode } from '../errors.ts';
import { isEngineReachable } from '../setup/docker-engine.ts';
import { imageExists, nodeImageName } from '../setup/node-image.ts';
import { listResources } from '../topology/resources.ts';
import { PG_MAJORS } from '../model/pg-major.ts';
import { print } from './output.ts';
import { probeFaults } from './fault-probes.ts';
import { saveProbes } from './fault-availability.ts';

interface Finding {
  ok: boolean;
  what: string;
  fix?: string;
  /** missing is no failure: a drill builds it when it needs it */
  optional?: boolean;
}

async function findings(): Promise<Finding[]> {
  const out: Finding[] = [];
  const [major = 0, minor = 0] = process.versions.node.split('.').map(Number);
  out.push({
    ok: major > 20 || (major === 20 && minor >= 19),
    what: `Node.js ${process.versions.node}`,
    fix: 'pgdrill needs Node.js >= 20.19',
  });
  const client = await execa('docker', ['--version'], { reject: false });
  out.push({
    ok: client.exitCode === 0,
    what: client.exitCode === 0 ? client.stdout : 'docker client',
    fix: 'install Docker (as root on Debian, `pgdrill setup` installs docker.io)',
  });
  const engine = await isEngineReachable();
  out.push({
    ok: engine,
    what: 'Docker engine answers',
    fix: 'start Docker, or run `pgdrill setup` (as root on Debian it installs and starts dockerd)',
  });
  if (!engine) return out;
  let probeImage: string | undefined;
  for (const major of PG_MAJORS) {
    const image = await nodeImageName(major);
    const built = await imageExists(image);
    if (built) probeImage ??= image;
    out.push({
      ok: built,
      what: built ? `node image ${image} (PostgreSQL ${major})` : `node image for PostgreSQL ${major} not built`,
      fix: `run \`pgdrill setup --pg ${major}\` (a drill on PostgreSQL ${major} builds it first too)`,
      optional: true,
    });
  }
  if (probeImage) {
    const probes = await probeFaults(probeImage);
    await saveProbes(probes).catch(() => {}); // for validate's warnings; a read-only home only loses those
    for (const probe of probes)
      out.push({
        ok: probe.available,
        what: `fault ${probe.fault}: ${probe.available ? 'available' : 'NOT available'} — ${probe.how}`,
        optional: true,
        fix: 'drills that need it fail with exit 3 on this host; run them where the kernel has it',
      });
  } else
    out.push({
      ok: false,
      what: 'fault kinds not checked: no node image to try them in',
      fix: 'run `pgdrill setup`, then `pgdrill doctor` again',
      optional: true,
    });
  const left = await listResources();
  const count = left.containers.length + left.networks.length + left.volumes.length;
  out.push({
    ok: count === 0,
    what: count === 0 ? 'no leftovers from earlier runs' : `${count} leftover container(s)/network(s)/volume(s)`,
    fix: 'run `pgdrill clean`',
  });
  return out;
}

export async function doctorCommand(options: { json?: boolean } = {}): Promise<ExitCode> {
  const results = await findings();
  const ready = results.every((f) => f.ok || f.optional);
  if (options.json) print(JSON.stringify({ schemaVersion: 1, ready, findings: results }, null, 2));
  else
    for (const f of results)
      print(f.ok ? `✔ ${f.what}` : f.optional ? `· ${f.what}\n    → ${f.fix}` : `✘ ${f.what}\n    → ${f.fix}`);
  return ready ? 0 : 3;
}
