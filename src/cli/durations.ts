/** `run --durations FILE`: each drill's duration from an earlier run's (or merge's) index.json, to balance shards. */
import { readFile } from 'node:fs/promises';
import { UsageError, errorMessage } from '../errors.ts';
import type { RunIndex } from '../report/run-index.ts';

export async function readDurations(file: string): Promise<Map<string, number>> {
  let index: Partial<RunIndex>;
  try {
    index = JSON.parse(await readFile(file, 'utf8')) as Partial<RunIndex>;
  } catch (error) {
    throw new UsageError(`--durations ${file}: not a readable index.json (${errorMessage(error)})`);
  }
  if (!Array.isArray(index.scenarios))
    throw new UsageError(`--durations ${file}: no "scenarios" list: give the index.json of an earlier run`);
  const durations = new Map<string, number>();
  for (const s of index.scenarios) {
    const ms = s?.figures?.durationMs;
    if (typeof s?.scenario === 'string' && typeof ms === 'number' && ms >= 0) durations.set(s.scenario, ms);
  }
  return durations;
}
