/** index.json / index.md: the run-level table of contents CI and auditors start from. */
import path from 'node:path';
import type { RunSummary, ScenarioStatus } from './result.ts';
import { VERDICT, formatDuration } from './format.ts';
import { mdCell } from './markdown.ts';

export interface RunIndex {
  runId: string;
  startedAt: string;
  durationMs: number;
  exitCode: RunSummary['exitCode'];
  counts: Record<ScenarioStatus, number>;
  scenarios: {
    scenario: string;
    status: ScenarioStatus;
    failedExpectations: string[];
    /** the scenario's folder, relative to the run directory, `/`-separated */
    dir: string;
    report: string;
    result: string;
  }[];
}

/** The index model. Folder links are made relative to `summary.reportDir` so the run directory can be moved. */
export function buildRunIndex(summary: RunSummary): RunIndex {
  const counts: Record<ScenarioStatus, number> = { passed: 0, failed: 0, error: 0 };
  for (const s of summary.scenarios) counts[s.status] += 1;
  return {
    runId: summary.runId,
    startedAt: summary.startedAt,
    durationMs: summary.durationMs,
    exitCode: summary.exitCode,
    counts,
    scenarios: summary.scenarios.map((s) => {
      const rel = path.isAbsolute(s.dir) ? path.relative(summary.reportDir, s.dir) : s.dir;
      const dir = rel.split(path.sep).join('/') || '.';
      return { scenario: s.scenario, status: s.status, failedExpectations: s.failedExpectations, dir, report: `${dir}/report.md`, result: `${dir}/result.json` };
    }),
  };
}

export function renderIndexMarkdown(index: RunIndex): string {
  const { counts } = index;
  const rows = index.scenarios.map((s) => {
    const link = (label: string, target: string) => `[${label}](${encodeURI(target)})`;
    const cells = [link(s.scenario, `${s.dir}/`), VERDICT[s.status], s.failedExpectations.join(', ') || '—', `${link('report', s.report)} · ${link('result.json', s.result)}`];
    return `| ${cells.map(mdCell).join(' | ')} |`;
  });
  return [
    `# pgdrill run ${index.runId}`,
    [
      `- **Started:** ${index.startedAt}`,
      `- **Duration:** ${formatDuration(index.durationMs)}`,
      `- **Scenarios:** ${index.scenarios.length} — ${counts.passed} passed, ${counts.failed} failed, ${counts.error} error`,
      `- **Exit code:** ${index.exitCode}`,
    ].join('\n'),
    index.scenarios.length === 0
      ? 'No scenario ran.'
      : ['| Scenario | Verdict | Failed expectations | Files |', '|---|---|---|---|', ...rows].join('\n'),
    `Integrity: \`sha256sum -c manifest.sha256\` in this directory verifies every file.`,
  ].join('\n\n') + '\n';
}
