/** index.json / index.md: the run-level table of contents CI and auditors start from. */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Metrics, RtoPhase } from '../checks/types.ts';
import type { ExpectedFailureResult, RunSummary, ScenarioResult, ScenarioStatus } from '../result/result.ts';
import type { Verdict } from '../checks/verdict.ts';
import { phasesOf } from '../checks/rto-phases.ts';
import { VERDICT, formatDuration, shownStatus, whyNotMeasured } from './format.ts';
import { mdCell } from './markdown.ts';
import { type MajorsTable, majorsTable } from './run-index-majors.ts';

/**
 * A scenario's headline numbers, copied from its result.json so the index (and index.html, and the
 * history across runs) can show them without opening every result. Unmeasured values are null,
 * never 0, with the metric's own reason next to them.
 */
export interface ScenarioFigures {
  /** false when the drill did not reach the checks: every metric below is then null */
  measured: boolean;
  startedAt: string;
  durationMs: number;
  rpo: { lostTransactions: number | null; seconds: number | null; reason?: string };
  /** `longestPhase`: which of detection / promotion / client recovery took the time (null when RTO is unmeasured) */
  /** `target`: the scenario's rto.maxSeconds upper bound, when it states one */
  rto: { seconds: number | null; longestPhase: RtoPhase | null; reason?: string; target?: number };
  checksums: { match: boolean | null; reason?: string };
  convergence: { converged: boolean | null; seconds: number | null; reason?: string };
  splitBrain: { detected: boolean | null; incidents: number; reason?: string };
  /** null without a workload (or when the drill did not reach the checks) */
  workload: { acknowledged: number; failed: number; unknown: number } | null;
  /** for status "error" (and a failure with a cause): what broke */
  error?: { code: string; message: string };
}

export interface RunIndexScenario {
  scenario: string;
  status: ScenarioStatus;
  /** the scenario's three-valued verdict (see result.json's `verdict`); absent when unknown */
  verdict?: Verdict | null;
  /** declared to fail (`xfail`): how it measured up */
  expected?: ExpectedFailureResult['outcome'];
  /** names of the expectations not passed: failed or not measured (see `notMeasured`) */
  failedExpectations: string[];
  /** the expectations that could not be measured, with why; absent when the result could not be read */
  notMeasured?: { name: string; why: string }[];
  /** the scenario's folder, relative to the run directory, `/`-separated */
  dir: string;
  report: string;
  result: string;
  /** the HTML report (added after `report`; older index.json files lack it) */
  reportHtml?: string;
  /** null when the scenario's result.json could not be read; absent in older index.json files */
  figures?: ScenarioFigures | null;
}

export interface RunIndex {
  runId: string;
  startedAt: string;
  durationMs: number;
  exitCode: RunSummary['exitCode'];
  counts: Record<ScenarioStatus, number>;
  /** of `counts.failed`, the scenarios that failed only because an expectation could not be measured */
  notMeasured?: number;
  scenarios: RunIndexScenario[];
  /** `run --shard`: which shard of which drills this run is (see RunSummary) */
  shard?: RunSummary['shard'];
  /** `pgdrill merge`: the runs this folder combines */
  mergedFrom?: RunSummary['mergedFrom'];
  /** `run --pg` with more than one major: each scenario's status per major */
  byMajor?: MajorsTable;
}

const NOT_REACHED = 'the drill did not reach the checks';

/** The headline figures of one result; every metric is null (with a reason) when the drill never reached the checks. */
export function scenarioFigures(
  result: Pick<ScenarioResult, 'startedAt' | 'durationMs' | 'metrics' | 'error'> &
    Partial<Pick<ScenarioResult, 'expectations'>>,
): ScenarioFigures {
  const target = rtoTarget(result.expectations ?? []);
  const targetField = target === null ? {} : { target };
  const m: Metrics | null = result.metrics;
  const reason = (r: string | undefined) => (r === undefined ? {} : { reason: r });
  const error = result.error ? { error: { code: result.error.code, message: result.error.message } } : {};
  if (m === null) {
    return {
      measured: false,
      startedAt: result.startedAt,
      durationMs: result.durationMs,
      rpo: { lostTransactions: null, seconds: null, reason: NOT_REACHED },
      rto: { seconds: null, longestPhase: null, reason: NOT_REACHED, ...targetField },
      checksums: { match: null, reason: NOT_REACHED },
      convergence: { converged: null, seconds: null, reason: NOT_REACHED },
      splitBrain: { detected: null, incidents: 0, reason: NOT_REACHED },
      workload: null,
      ...error,
    };
  }
  const { rpo, rto, checksums: cs, convergence: conv, splitBrain: sb, workload: w } = m;
  const { longest } = phasesOf(rto);
  return {
    measured: true,
    startedAt: result.startedAt,
    durationMs: result.durationMs,
    rpo: { lostTransactions: rpo.lostTransactions, seconds: rpo.seconds, ...reason(rpo.reason ?? undefined) },
    rto: {
      seconds: rto.seconds,
      longestPhase: longest ? { name: longest.name, seconds: Math.max(0, longest.seconds) } : null,
      ...reason(rto.reason ?? undefined),
      ...targetField,
    },
    checksums: { match: cs.match, ...reason(cs.reason ?? undefined) },
    convergence: {
      converged: conv.converged,
      seconds: conv.seconds,
      ...reason(conv.reason ?? (conv.converged === false ? 'never converged' : undefined)),
    },
    splitBrain: { detected: sb.detected, incidents: sb.incidentsTotal, ...reason(sb.reason ?? undefined) },
    workload: w ? { acknowledged: w.acknowledged, failed: w.failed, unknown: w.unknown } : null,
    ...error,
  };
}

/** `<reportDir>/<dir>/result.json` parsed, or null when it is missing, unreadable or of another scenario. */
export function readScenarioResult(runDir: string, entry: { scenario: string; dir: string }): ScenarioResult | null {
  try {
    const result = JSON.parse(readFileSync(path.resolve(runDir, entry.dir, 'result.json'), 'utf8')) as ScenarioResult;
    return result && typeof result === 'object' && result.scenario === entry.scenario ? result : null;
  } catch {
    return null;
  }
}

/** Every scenario's result.json as written next to the index (what finish() indexes). */
export function readScenarioResults(summary: RunSummary): ScenarioResult[] {
  return summary.scenarios
    .map((s) => readScenarioResult(summary.reportDir, s))
    .filter((r): r is ScenarioResult => r !== null);
}

/**
 * The index model. Folder links are made relative to `summary.reportDir` so the run directory can be moved.
 * Each scenario's figures come from its result in `results` (matched by scenario name); by default
 * those are read from the result.json files already written under `summary.reportDir`.
 */
export function buildRunIndex(
  summary: RunSummary,
  results: readonly ScenarioResult[] = readScenarioResults(summary),
): RunIndex {
  const counts: Record<ScenarioStatus, number> = { passed: 0, failed: 0, error: 0 };
  for (const s of summary.scenarios) counts[s.status] += 1;
  const scenarios = summary.scenarios.map((s): RunIndexScenario => {
    const rel = path.isAbsolute(s.dir) ? path.relative(summary.reportDir, s.dir) : s.dir;
    const dir = rel.split(path.sep).join('/') || '.';
    const result = results.find((r) => r.scenario === s.scenario);
    const verdict = result?.verdict !== undefined ? result.verdict : s.verdict;
    return {
      scenario: s.scenario,
      status: s.status,
      ...(verdict !== undefined ? { verdict } : {}),
      ...((s.expected ?? result?.expectedFailure?.outcome)
        ? { expected: s.expected ?? result?.expectedFailure?.outcome }
        : {}),
      failedExpectations: s.failedExpectations,
      ...(result ? { notMeasured: notMeasuredOf(result) } : {}),
      dir,
      report: `${dir}/report.md`,
      result: `${dir}/result.json`,
      reportHtml: `${dir}/report.html`,
      figures: result ? scenarioFigures(result) : null,
    };
  });
  return {
    runId: summary.runId,
    startedAt: summary.startedAt,
    durationMs: summary.durationMs,
    exitCode: summary.exitCode,
    counts,
    notMeasured: scenarios.filter((s) => shownStatus(s) === 'not-measured').length,
    scenarios,
    ...(summary.shard ? { shard: summary.shard } : {}),
    ...(summary.mergedFrom ? { mergedFrom: summary.mergedFrom } : {}),
    ...withMajors(scenarios),
  };
}

function withMajors(scenarios: readonly RunIndexScenario[]): { byMajor?: MajorsTable } {
  const table = majorsTable(scenarios);
  return table ? { byMajor: table } : {};
}

function majorsSection(table: MajorsTable): string {
  const head = `| Scenario | ${table.majors.map((m) => `PostgreSQL ${m}`).join(' | ')} | |`;
  const rows = table.rows.map((row) => {
    const cells = table.majors.map((m) => {
      const status = row.byMajor[String(m)];
      return status === undefined ? 'not run' : VERDICT[status];
    });
    return `| ${[row.scenario, ...cells, row.differs ? '**differs between majors**' : ''].map(mdCell).join(' | ')} |`;
  });
  return ['## By PostgreSQL major', head, `|---|${table.majors.map(() => '---|').join('')}---|`, ...rows].join('\n');
}

function notMeasuredOf(result: ScenarioResult): { name: string; why: string }[] {
  return result.expectations.flatMap((e) => {
    const why = whyNotMeasured(e);
    return why === null ? [] : [{ name: e.name, why }];
  });
}

/** Failed expectations by name; one that was not measured says so, with why. */
function expectationList(s: RunIndexScenario): string {
  const unmeasured = new Map((s.notMeasured ?? []).map((n) => [n.name, n.why]));
  const names = s.failedExpectations.map((name) =>
    unmeasured.has(name) ? `${name} (NOT MEASURED: ${unmeasured.get(name)})` : name,
  );
  return names.join(', ') || '—';
}

export function renderIndexMarkdown(index: RunIndex): string {
  const { counts } = index;
  const rows = index.scenarios.map((s) => {
    const link = (label: string, target: string) => `[${label}](${encodeURI(target)})`;
    const cells = [
      link(s.scenario, `${s.dir}/`),
      VERDICT[shownStatus(s)],
      expectationList(s),
      `${link('report', s.report)} · ${link('result.json', s.result)}`,
    ];
    return `| ${cells.map(mdCell).join(' | ')} |`;
  });
  return (
    [
      `# pgdrill run ${index.runId}`,
      [
        `- **Started:** ${index.startedAt}`,
        `- **Duration:** ${formatDuration(index.durationMs)}`,
        `- **Scenarios:** ${index.scenarios.length} — ${counts.passed} passed, ${counts.failed} failed${index.notMeasured ? ` (${index.notMeasured} of them not measured)` : ''}, ${counts.error} error`,
        `- **Exit code:** ${index.exitCode}`,
      ].join('\n'),
      index.scenarios.length === 0
        ? 'No scenario ran.'
        : ['| Scenario | Verdict | Failed expectations | Files |', '|---|---|---|---|', ...rows].join('\n'),
      ...(index.byMajor ? [majorsSection(index.byMajor)] : []),
      `Integrity: \`sha256sum -c manifest.sha256\` in this directory verifies every file.`,
    ].join('\n\n') + '\n'
  );
}

/** The upper bound of an `rto.maxSeconds` expectation (`<= 15`, `5..15`), or null when none is stated. */
export function rtoTarget(expectations: readonly { name: string; expected: string }[]): number | null {
  const expected = expectations.find((e) => e.name === 'rto.maxSeconds')?.expected;
  const max = expected && /(?:<=\s*|\.\.)([\d.]+)$/.exec(expected)?.[1];
  return max ? Number(max) : null;
}
