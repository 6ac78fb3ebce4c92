/**
 * `pgdrill new NAME [--from SCENARIO] [--dir DIR] [--force]`: a starting scenario, commented, with
 * the schema line editors complete from; `--from` copies a scenario under the new name (files it
 * names stay found: paths relative to the old folder are rewritten for the new one).
 */
import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseDocument, visit } from 'yaml';
import type { ExitCode } from '../errors.ts';
import { UsageError } from '../errors.ts';
import { parseScenario } from '../scenario/load.ts';
import { print } from './output.ts';

const SCHEMA = fileURLToPath(new URL('../../schema/scenario.schema.json', import.meta.url));

export interface NewOptions {
  from?: string;
  dir?: string;
  force?: boolean;
}

export async function newCommand(name: string, options: NewOptions): Promise<ExitCode> {
  if (!/^[a-z0-9-]+$/.test(name))
    throw new UsageError(`${JSON.stringify(name)} cannot be a scenario name: use lowercase letters, digits and "-"`);
  const dir = path.resolve(options.dir ?? (options.from ? path.dirname(options.from) : 'scenarios'));
  const file = path.join(dir, `${name}.yaml`);
  if (existsSync(file) && !options.force)
    throw new UsageError(`${path.relative(process.cwd(), file)} exists: choose another name, or --force to replace it`);
  const schemaLine = `# yaml-language-server: $schema=${path.relative(dir, SCHEMA).split(path.sep).join('/')}`;
  const text = options.from ? await copied(options.from, name, dir, schemaLine) : starter(name, schemaLine);
  parseScenario(text, file); // what is written loads: a bad --from is refused before it is copied
  await mkdir(dir, { recursive: true });
  await writeFile(file, text);
  const shown = path.relative(process.cwd(), file);
  print(`wrote ${shown}\n  see what it would do: pgdrill plan ${shown}\n  run it:               pgdrill run ${shown}`);
  return 0;
}

/** The scenario at `from`, renamed, its relative file paths made relative to `dir`. */
async function copied(from: string, name: string, dir: string, schemaLine: string): Promise<string> {
  const text = await readFile(from, 'utf8').catch(() => {
    throw new UsageError(`--from ${from}: no such scenario file`);
  });
  const source = path.dirname(path.resolve(from));
  // its own schema line points from its folder; the new file gets one from its own
  const doc = parseDocument(text.replace(/^# yaml-language-server:.*\n/m, ''));
  doc.set('name', name);
  visit(doc, {
    Scalar(_, node) {
      if (typeof node.value !== 'string' || !/^\.{1,2}\//.test(node.value)) return;
      const target = path.resolve(source, node.value);
      if (existsSync(target)) node.value = path.relative(dir, target).split(path.sep).join('/');
    },
  });
  const started = `# Started from ${path.relative(process.cwd(), path.resolve(from))}.`;
  return `${schemaLine}\n${started}\n${doc.toString({ lineWidth: 100 })}`;
}

/** A first drill to edit: a primary killed under load, a replica promoted, what must hold. */
function starter(name: string, schemaLine: string): string {
  return `${schemaLine}
name: ${name}
description: >
  What this drill proves, in a sentence or two: the fault, the procedure, what must hold.
tags: [draft]

# The cluster: PostgreSQL's major (15, 17 or 18), replicas, how they replicate. Add
# \`patroni: {etcd: 3}\` for Patroni, \`haproxy: true\` or \`pgbouncer: {...}\` in front, or the
# team's own files (postgresql.conf, patroni.yml, pgbouncer.ini; docs/team-files.md).
topology:
  postgres:
    version: 18
    replicas: 2
    replication: async      # or sync

# Clients writing through the endpoint the application uses, from the first step to the last.
workload:
  clients: 4
  rate: 200                 # tx/s; omit for as fast as possible
  # reads: {from: replicas}  # also read, to measure stale reads

# In order. Faults: kill, stop, restart, pause, partition, lag, disk-full, corrupt, heal.
# Procedures: failover, switchover, rejoin, backup, restore, pitr, script (the team's runbook).
# docs/scenario-steps.md lists every key.
steps:
  - wait: 3s
  - fault: kill
    target: primary
  - wait: 1s                # the time it takes to notice
  - procedure: failover
    method: promote
  - wait: converged
    timeout: 30s

# What must hold. A drill meant to show a problem declares it: xfail: {reason, expectation}.
expect:
  rpo:
    lostTransactions: 0     # acknowledged writes lost
  rto:
    maxSeconds: 15          # fault to the first acknowledged write through the endpoint
  checksums: match
  splitBrain: none
`;
}
