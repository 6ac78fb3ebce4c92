/**
 * Ends a test run with one plain line, `tests: N passed, N failed[, N skipped]`, that any CI
 * log reader understands, after Vitest's own summary.
 *
 * Vitest ends all reporters at once; the JUnit reporter logs "JUNIT report written to …" only
 * once its file is written. To stay the last line, this reporter waits for the other reporters'
 * end of run first (it wraps their onTestRunEnd in onInit to see when each one settles).
 */
import type { Reporter, TestModule, Vitest } from 'vitest/node';

type RunEnd = NonNullable<Reporter['onTestRunEnd']>;

export default class PlainSummaryReporter implements Reporter {
  private pending: Promise<unknown>[] = [];

  onInit(vitest: Vitest): void {
    // `reporters` is not in Vitest's public types; without it the line is printed at once, as before
    const reporters = (vitest as unknown as { reporters?: Reporter[] }).reporters ?? [];
    for (const reporter of reporters) {
      const end = reporter.onTestRunEnd;
      if (reporter === this || typeof end !== 'function') continue;
      reporter.onTestRunEnd = ((...args: Parameters<RunEnd>) => {
        const result = end.apply(reporter, args);
        this.pending.push(Promise.resolve(result));
        return result;
      }) as RunEnd;
    }
  }

  async onTestRunEnd(testModules: ReadonlyArray<TestModule>): Promise<void> {
    // Vitest calls every reporter's onTestRunEnd before any of them resumes: after one tick all are pending here
    await Promise.resolve();
    await Promise.allSettled(this.pending.splice(0));
    const count = { passed: 0, failed: 0, skipped: 0 };
    for (const module of testModules) {
      for (const test of module.children.allTests()) {
        const state = test.result().state;
        if (state === 'passed') count.passed++;
        else if (state === 'failed') count.failed++;
        else if (state === 'skipped') count.skipped++;
      }
      // a file that failed to load has no tests to count, but it failed
      if (module.state() === 'failed' && [...module.children.allTests()].length === 0) count.failed++;
    }
    const skipped = count.skipped > 0 ? `, ${count.skipped} skipped` : '';
    process.stdout.write(`\ntests: ${count.passed} passed, ${count.failed} failed${skipped}\n`);
  }
}
