/** The default reporter: each scenario's verdict as it ends, then the run's summary (../terminal.ts). */
import path from 'node:path';
import { renderRunSummary, renderVerdict } from '../terminal.ts';
import type { Reporter } from './reporter.ts';

export interface TerminalReporterOptions {
  print: (text: string) => void;
  color: boolean;
  /** how a path is shown to the user */
  show: (file: string) => string;
}

export function terminalReporter({ print, color, show }: TerminalReporterOptions): Reporter {
  return {
    name: 'terminal',
    onScenarioEnd({ result, dir }) {
      print(renderVerdict(result, { color, reportPath: show(path.join(dir, 'report.html')) }));
    },
    onEnd(run) {
      if (run.invalid.length === 0 && run.results.length > 1)
        print(
          renderRunSummary(run.summary, { color, reportPath: show(path.join(run.summary.reportDir, 'index.html')) }),
        );
    },
  };
}

/** `--json`: the run summary and every result as one JSON document on stdout, and nothing else there. */
export function jsonReporter(print: (text: string) => void): Reporter {
  return {
    name: 'json',
    onEnd(run) {
      if (run.invalid.length === 0) print(JSON.stringify({ summary: run.summary, results: run.results }, null, 2));
    },
  };
}
