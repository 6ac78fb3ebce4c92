/**
 * A library split across machines: two shards of three drills, each run with `-j 2`, merged
 * into one run folder that verifies, with every drill's verdict in the library's order.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { RunIndex } from '../../src/report/run-index.ts';
import { expectExit, leftoverContainers, pgdrill, tempDir } from './pgdrill-cli.ts';

// drills whose verdict does not hang on timing (no asynchronous RPO of 0 under a loaded machine)
const LIBRARY = [
  'scenarios/ha/switchover.yaml',
  'scenarios/faults/partition-replica.yaml',
  'scenarios/backup/pg-dump-restore.yaml',
];

describe('run --shard and merge', () => {
  it('two shards run every drill once, and their merge verifies with all three verdicts in order', async () => {
    const dirs = [await tempDir('shard-1'), await tempDir('shard-2')];
    const runs = [];
    for (const [i, dir] of dirs.entries()) {
      const run = await pgdrill(['run', ...LIBRARY, '--shard', `${i + 1}/2`, '-j', '2', '--report-dir', dir]);
      await expectExit(run, 0);
      expect(await leftoverContainers(run.pid)).toEqual([]);
      runs.push(run);
    }
    const shards = await Promise.all(
      dirs.map(async (d) => JSON.parse(await readFile(path.join(d, 'index.json'), 'utf8')) as RunIndex),
    );
    expect(shards.map((s) => s.scenarios.length).sort()).toEqual([1, 2]);

    const merged = path.join(await tempDir('merged'), 'run');
    const merge = await pgdrill(['merge', ...dirs, '--out', merged]);
    await expectExit(merge, 0);
    const verify = await pgdrill(['verify', merged]);
    await expectExit(verify, 0);
    const index = JSON.parse(await readFile(path.join(merged, 'index.json'), 'utf8')) as RunIndex;
    expect(index.scenarios.map((s) => [s.scenario, s.status])).toEqual([
      ['switchover', 'passed'],
      ['partition-replica', 'passed'],
      ['pg-dump-restore', 'passed'],
    ]);
    expect(index.mergedFrom?.map((m) => m.shard?.index).sort()).toEqual([1, 2]);

    // one shard alone is not the library: exit 2, naming the missing shard
    const partial = await pgdrill(['merge', dirs[0]!, '--out', path.join(await tempDir('partial'), 'run')]);
    await expectExit(partial, 2);
    expect(partial.stderr).toMatch(/shard 2\/2 missing/);
  });
});
