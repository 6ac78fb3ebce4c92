import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

/** CI reads these: JUnit XML (one test case per drill) and Allure results; both under the gitignored reports/. */
const REPORTS = fileURLToPath(new URL('./reports/', import.meta.url));

export default defineConfig({
  test: {
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
          setupFiles: ['allure-vitest/setup'],
          sequence: { groupOrder: 0 },
        },
      },
      {
        test: {
          name: 'drills',
          include: ['test/drills/**/*.test.ts'],
          setupFiles: ['allure-vitest/setup'],
          // Drills run real containers on a 2-core machine and assert that none are left over:
          // one at a time, after the unit tests.
          fileParallelism: false,
          sequence: { groupOrder: 1 },
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
