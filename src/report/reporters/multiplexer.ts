/**
 * Calls every reporter's hook in turn. A reporter that throws is recorded and skipped for that
 * hook: the others (and the report directory with its manifest, itself a reporter) still run.
 */
import type { Reporter, ReporterFailure, RunBegin, RunEnd, ScenarioOutcome } from './reporter.ts';

export class ReporterMultiplexer {
  readonly failures: ReporterFailure[] = [];

  /**
   * @param onFailure told of each failure as it happens (the CLI prints it)
   */
  constructor(
    private readonly reporters: readonly Reporter[],
    private readonly onFailure: (failure: ReporterFailure) => void = () => {},
  ) {}

  onBegin(run: RunBegin): Promise<void> {
    return this.each('onBegin', (r) => r.onBegin?.(run));
  }

  onScenarioEnd(outcome: ScenarioOutcome): Promise<void> {
    return this.each('onScenarioEnd', (r) => r.onScenarioEnd?.(outcome));
  }

  onEnd(run: RunEnd): Promise<void> {
    return this.each('onEnd', (r) => r.onEnd?.(run));
  }

  private async each(hook: ReporterFailure['hook'], call: (r: Reporter) => unknown): Promise<void> {
    for (const reporter of this.reporters) {
      try {
        await call(reporter);
      } catch (error) {
        const failure = { reporter: reporter.name, hook, error };
        this.failures.push(failure);
        this.onFailure(failure);
      }
    }
  }
}
