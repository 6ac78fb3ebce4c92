/**
 * `--repeat N`: at the end of the run, each repeated scenario's distribution on the terminal
 * (stderr, beside the progress) and in trials.json in the run folder (before the manifest, which
 * then lists it).
 */
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describeDistribution, trialDistributions } from '../trials.ts';
import type { Reporter } from './reporter.ts';

export function trialsReporter(options: { reportDir: string; say: (text: string) => void }): Reporter {
  return {
    name: 'trials',
    async onEnd(run) {
      const distributions = trialDistributions(run.results);
      if (distributions.length === 0) return;
      options.say(distributions.flatMap(describeDistribution).join('\n'));
      if (options.reportDir)
        await writeFile(
          path.join(options.reportDir, 'trials.json'),
          `${JSON.stringify({ schemaVersion: 1, scenarios: distributions }, null, 2)}\n`,
        );
    },
  };
}
