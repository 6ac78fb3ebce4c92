import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';
import { LongestFirstSequencer } from './test/sequencer.ts';

/** CI reads these: JUnit XML (one test case per drill) and Allure results; both under the gitignored reports/. */
const REPORTS = fileURLToPath(new URL('./reports/', import.meta.url));

/** Drill files at once on one engine (PGDRILL_TEST_WORKERS overrides; the CI machine has 2 cores). */
const DRILL_WORKERS = Number(process.env.PGDRILL_TEST_WORKERS ?? 3);
/**
 * Alone on the engine, after the rest: the tests that stop the engine or count what `pgdrill clean`
 * removed, and kill-primary, whose asynchronous RPO of 0 held in 20 of 20 rounds of the smoke
 * library (`npm run bench:repeat`) but lost a commit or more in about one run of three beside two
 * other drill files on 2 cores: its test checks the harness, not how busy the machine is.
 */
const SERIAL_DRILLS = [
  'test/drills/harness-faults.test.ts',
  'test/drills/cli-contract.test.ts',
  'test/drills/kill-primary.test.ts',
];

export default defineConfig({
  test: {
    sequence: { sequencer: LongestFirstSequencer },
    reporters: [
      'default',
      ['junit', { outputFile: `${REPORTS}junit.xml`, suiteName: 'pgdrill' }],
      // reportMatchers off: a drill's Allure steps are its scenario's steps and checks
      // (test/drills/pgdrill-cli.ts), not every expect() call
      ['allure-vitest/reporter', { resultsDir: `${REPORTS}allure-results`, reportMatchers: false }],
      // prints the closing `tests: N passed, N failed` line, after every other reporter has finished
      './test/reporters/plain-summary.ts',
    ],
    projects: [
      {
        test: {
          name: 'unit',
          include: ['src/**/*.test.ts'],
          // one module cache for every unit file: 35 s instead of 106 s on 2 cores, most of it
          // spent importing the same modules again per file; tests copy what they change
          isolate: false,
          setupFiles: ['allure-vitest/setup'],
          sequence: { groupOrder: 0 },
        },
      },
      {
        test: {
          name: 'drills',
          include: ['test/drills/**/*.test.ts'],
          exclude: SERIAL_DRILLS,
          setupFiles: ['allure-vitest/setup'],
          // A drill mostly waits on its cluster: files run side by side, each drill on its own
          // containers, network and ports (tests look only for their own run's leftovers), and
          // some files run their drills through `pgdrill run -j` themselves. After the unit tests.
          maxWorkers: DRILL_WORKERS,
          sequence: { groupOrder: 1 },
          testTimeout: 300_000,
          hookTimeout: 120_000,
        },
      },
      {
        test: {
          // SERIAL_DRILLS: alone on the engine, after every other drill.
          name: 'drills-alone',
          include: SERIAL_DRILLS,
          setupFiles: ['allure-vitest/setup'],
          fileParallelism: false,
          sequence: { groupOrder: 2 },
          testTimeout: 300_000,
          hookTimeout: 120_000,
        },
      },
      {
        test: {
          // report.html rendered by a real headless Chromium (Debian's package, installed by
          // `npm test`'s bootstrap): with the unit tests, before any Docker drill starts.
          name: 'render',
          include: ['test/render/**/*.test.ts'],
          setupFiles: ['allure-vitest/setup'],
          testTimeout: 120_000,
          hookTimeout: 240_000,
          sequence: { groupOrder: 0 },
        },
      },
    ],
  },
});
