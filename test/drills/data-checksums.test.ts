/**
 * Data checksums follow each major's initdb default (off on 15 and 17, on from 18) unless the
 * scenario pins them: pg_rewind without wal_log_hints works only with them, so the same rejoin
 * holds on 18 and fails on 15 and 17, and `topology.postgres.dataChecksums` turns the outcome
 * round both ways.
 */
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { RunIndex } from '../../src/report/run-index.ts';
import { BATCH_TIMEOUT_MS, DrillBatch, leftoverContainers, tempDir, timelineMessages } from './pgdrill-cli.ts';

const FILE = 'scenarios/ha/rewind-without-wal-log-hints.yaml';
const NAME = 'rewind-without-wal-log-hints';
const REFUSAL = 'target server needs to use either data checksums or "wal_log_hints = on"';

describe('pgdrill run --pg 15,17,18 on a rewind without wal_log_hints', () => {
  const batch = new DrillBatch('checksums-majors', [FILE], ['--pg', '15,17,18']);

  it('holds on 18, whose initdb turns data checksums on, and the report says they were on', {
    timeout: BATCH_TIMEOUT_MS,
  }, async () => {
    const { result } = await batch.result(`${NAME}@pg18`);
    expect(result.status).toBe('passed');
    expect(result.environment?.dataChecksums).toBe(true);
    expect(timelineMessages(result).join('\n')).toMatch(/pg_rewind pg-1 from pg-2: rewound/);
  });

  for (const major of [15, 17])
    it(`MUST fail on ${major}, whose initdb leaves them off, naming pg_rewind's refusal and what to set`, {
      timeout: BATCH_TIMEOUT_MS,
    }, async () => {
      const { result } = await batch.result(`${NAME}@pg${major}`);
      expect(result.status).toBe('failed');
      expect(result.environment?.dataChecksums).toBe(false);
      expect(result.error?.message).toMatch(/step 7 \(procedure rejoin pg-1\)/);
      expect(result.error?.message).toContain(REFUSAL);
      expect(result.error?.message).toContain('run with wal_log_hints = on, or initdb with data checksums');
    });

  it('marks the scenario as differing by major in the run index, and leaves nothing in Docker', {
    timeout: BATCH_TIMEOUT_MS,
  }, async () => {
    const { run, dir } = await batch.result(`${NAME}@pg18`);
    expect(run.exitCode, run.all).toBe(1);
    const index = JSON.parse(await readFile(path.join(path.dirname(dir), 'index.json'), 'utf8')) as RunIndex;
    expect(index.byMajor?.rows).toEqual([
      { scenario: NAME, byMajor: { 15: 'failed', 17: 'failed', 18: 'passed' }, differs: true },
    ]);
    expect(await leftoverContainers(run.pid)).toEqual([]);
  });
});

describe('topology.postgres.dataChecksums overrides the major’s default', () => {
  /** The library scenario pinned to `major` with checksums `on`, written where the batch reads it. */
  async function variant(dir: string, name: string, major: number, on: boolean): Promise<string> {
    const text = await readFile(FILE, 'utf8');
    const file = path.join(dir, `${name}.yaml`);
    await writeFile(
      file,
      text
        .replace(`name: ${NAME}`, `name: ${name}`)
        .replace('    replicas: 1\n', `    replicas: 1\n    version: ${major}\n    dataChecksums: ${on}\n`),
    );
    return file;
  }
  let batch: DrillBatch | undefined;
  async function results(name: string) {
    if (!batch) {
      const dir = await tempDir('checksums-variants');
      const files = [
        await variant(dir, 'rewind-checksums-on-15', 15, true),
        await variant(dir, 'rewind-checksums-off-18', 18, false),
      ];
      batch = new DrillBatch('checksums-override', files);
    }
    return batch.result(name);
  }

  it('turned on for 15 (pg_checksums on the image’s data directory), the rewind holds', {
    timeout: BATCH_TIMEOUT_MS,
  }, async () => {
    const { result } = await results('rewind-checksums-on-15');
    expect(result.harness.postgres).toMatch(/^15\./);
    expect(result.environment?.dataChecksums).toBe(true);
    expect(result.status).toBe('passed');
  });

  it('MUST fail turned off for 18, with the same refusal as 15 and 17', { timeout: BATCH_TIMEOUT_MS }, async () => {
    const { run, result } = await results('rewind-checksums-off-18');
    expect(result.harness.postgres).toMatch(/^18\./);
    expect(result.environment?.dataChecksums).toBe(false);
    expect(result.status).toBe('failed');
    expect(result.error?.message).toContain(REFUSAL);
    expect(await leftoverContainers(run.pid)).toEqual([]);
  });
});
