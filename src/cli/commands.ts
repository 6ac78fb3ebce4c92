/**
 * The small commands: validate, schema, setup, clean (list: ./list-command.ts). validate, list and schema must start
 * fast, so what only setup and clean use (Docker's client, execa) is imported in their bodies.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ExitCode } from '../errors.ts';
import { loadScenarios } from '../scenario/load.ts';
import { scenarioJsonSchema } from '../scenario/json-schema.ts';
import { planRun } from '../plan/plan.ts';
import { InfrastructureError, UsageError } from '../errors.ts';
import { print, progress } from './output.ts';
import { parseMajors } from './pg-option.ts';
import { DEFAULT_PG_MAJOR } from '../model/pg-major.ts';

export async function validateCommand(paths: string[], options: { json?: boolean } = {}): Promise<ExitCode> {
  const scenarios = await loadScenarios(paths);
  for (const scenario of scenarios) planRun(scenario);
  // what doctor last found missing on this host: a warning, since the drill may run elsewhere
  const { warnUnavailable } = await import('./fault-availability.ts');
  await warnUnavailable(scenarios, progress);
  const shown = scenarios.map((s) => ({
    file: path.relative(process.cwd(), s.file),
    name: s.name,
    steps: s.steps.length,
  }));
  if (options.json) print(JSON.stringify({ schemaVersion: 1, ok: true, scenarios: shown }, null, 2));
  else for (const s of shown) print(`✔ ${s.file}: ${s.name} (${s.steps} steps)`);
  return 0;
}

/** result.json's JSON Schema, generated from src/result/result.ts by `npm run schema` and committed. */
export const RESULT_SCHEMA_FILE = fileURLToPath(new URL('../../schema/result.schema.json', import.meta.url));

export async function schemaCommand(options: { result?: boolean } = {}): Promise<ExitCode> {
  print(options.result ? await readFile(RESULT_SCHEMA_FILE, 'utf8') : JSON.stringify(scenarioJsonSchema(), null, 2));
  return 0;
}

export async function setupCommand(options: { pg?: string; image?: boolean } = {}): Promise<ExitCode> {
  if (options.image === false && options.pg !== undefined)
    throw new UsageError('--no-image builds no image: give --pg or --no-image, not both');
  const majors = options.image === false ? [] : parseMajors(options.pg ?? String(DEFAULT_PG_MAJOR), '--pg');
  const { setup } = await import('../setup/setup.ts');
  const { images } = await setup(progress, majors);
  const built = images.length === 0 ? '' : `, node image${images.length > 1 ? 's' : ''} ${images.join(', ')}`;
  print(`✔ ready: Docker engine answers${built}`);
  return 0;
}

export async function cleanCommand(options: { all?: boolean } = {}, runId?: string): Promise<ExitCode> {
  const { isEngineReachable } = await import('../setup/docker-engine.ts');
  const { listResources, removeResources } = await import('../topology/resources.ts');
  if (!(await isEngineReachable())) {
    throw new InfrastructureError('PGDRILL_DOCKER_UNREACHABLE', 'Docker does not answer, so nothing can be cleaned.', {
      hint: 'Start Docker (or run `pgdrill setup`) and run `pgdrill clean` again.',
    });
  }
  if (runId !== undefined) {
    // one run's cluster, kept with --keep: whoever owns it, and its pgpass file
    const removed = await removeResources({ runId, includeLive: true });
    const { forgetKept } = await import('../run/keep.ts');
    await forgetKept(runId);
    const names = [...removed.containers, ...removed.networks, ...removed.volumes];
    print(
      `removed ${removed.containers.length} container(s), ${removed.networks.length} network(s), ${removed.volumes.length} volume(s) of ${runId}`,
    );
    for (const name of names) print(`  ${name}`);
    return 0;
  }
  const removed = await removeResources({ includeLive: options.all === true });
  print(
    `removed ${removed.containers.length} container(s), ${removed.networks.length} network(s), ${removed.volumes.length} volume(s)`,
  );
  for (const name of [...removed.containers, ...removed.networks, ...removed.volumes]) print(`  ${name}`);
  if (!options.all) {
    const live = await listResources({ includeLive: true });
    if (live.containers.length > 0)
      print(
        `left ${live.containers.length} container(s) of drills still running (pgdrill clean --all removes them too)`,
      );
  }
  return 0;
}
