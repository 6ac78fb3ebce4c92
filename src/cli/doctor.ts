/** `pgdrill doctor`: what a drill needs, what is missing and how to get it. Changes nothing. */
import { execa } from 'execa';
import type { ExitCode } from '../errors.ts';
import { isEngineReachable } from '../setup/docker-engine.ts';
import { imageExists, nodeImageName } from '../setup/node-image.ts';
import { listResources } from '../topology/resources.ts';
import { PG_MAJORS } from '../model/pg-major.ts';
import { print } from './output.ts';

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
  for (const major of PG_MAJORS) {
    const image = await nodeImageName(major);
    const built = await imageExists(image);
    out.push({
      ok: built,
      what: built ? `node image ${image} (PostgreSQL ${major})` : `node image for PostgreSQL ${major} not built`,
      fix: `run \`pgdrill setup --pg ${major}\` (a drill on PostgreSQL ${major} builds it first too)`,
      optional: true,
    });
  }
  const left = await listResources();
  const count = left.containers.length + left.networks.length + left.volumes.length;
  out.push({
    ok: count === 0,
    what: count === 0 ? 'no leftovers from earlier runs' : `${count} leftover container(s)/network(s)/volume(s)`,
    fix: 'run `pgdrill clean`',
  });
  return out;
}

export async function doctorCommand(): Promise<ExitCode> {
  const results = await findings();
  for (const f of results)
    print(f.ok ? `✔ ${f.what}` : f.optional ? `· ${f.what}\n    → ${f.fix}` : `✘ ${f.what}\n    → ${f.fix}`);
  return results.every((f) => f.ok || f.optional) ? 0 : 3;
}
