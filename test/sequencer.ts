/**
 * The suite's order: drill files run three at a time, so the run ends when the last long file
 * does — start the longest first, by test/drills/durations.json (a measured run), not by
 * Vitest's cache (absent on a fresh clone) or file size (a short file may run a long batch).
 * Files it does not list keep Vitest's own order, after the listed ones.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { BaseSequencer, type TestSpecification } from 'vitest/node';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
const DURATIONS = JSON.parse(readFileSync(new URL('./drills/durations.json', import.meta.url), 'utf8')) as Record<
  string,
  unknown
>;

const secondsOf = (file: TestSpecification): number => {
  const seconds = DURATIONS[path.relative(ROOT, file.moduleId).split(path.sep).join('/')];
  return typeof seconds === 'number' ? seconds : -1;
};

export class LongestFirstSequencer extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const ordered = await super.sort(files);
    // a stable sort: files of equal (or no) measured duration keep Vitest's order
    return [...ordered].sort((a, b) => secondsOf(b) - secondsOf(a));
  }
}
