/**
 * history.html: several runs side by side. Per scenario, RTO across runs as an inline SVG line
 * chart (points coloured by verdict, unmeasured RTO a gap, never 0), then a run × scenario table
 * of verdicts, RTO and RPO. Self-contained like the other pages: no script, no external resource.
 *
 * Reading run directories (loadRuns) is kept apart from the pure model (buildHistory) and
 * rendering (renderHistoryHtml, renderRtoChart).
 */
import { existsSync } from 'node:fs';
import { readFile, readdir, realpath, stat } from 'node:fs/promises';
import path from 'node:path';
import { UsageError } from '../errors.ts';
import type { ScenarioStatus } from '../result/result.ts';
import { VERDICT, formatDuration, formatNumber } from './format.ts';
import { escapeHtml } from './html-kit.ts';
import {
  EXIT_MEANING,
  VERDICT_COLOR,
  facts,
  formatInstant,
  htmlPage,
  link,
  runStatus,
  secs,
  verdictBadge,
} from './index-html.ts';
import { readScenarioResult, scenarioFigures, type RunIndex } from './run-index.ts';

// ---------------------------------------------------------------------------------------------
// Model (pure)

/** One run as read from disk: its directory (absolute), its index with figures, the page to link to. */
export interface LoadedRun {
  dir: string;
  index: RunIndex;
  /** the run's own page, relative to `dir`: index.html when it has one, else index.md */
  indexPage: string;
}

export interface HistoryRun {
  runId: string;
  startedAt: string;
  durationMs: number;
  exitCode: number;
  status: ScenarioStatus;
  counts: RunIndex['counts'];
  /** the run's page, relative to the history page */
  href: string;
}

/** One scenario in one run. */
export interface HistoryCell {
  status: ScenarioStatus;
  /** null: not measured (a gap in the trend, never 0) */
  rtoSeconds: number | null;
  rtoReason?: string;
  /** the scenario's rto.maxSeconds bound in that run, when it stated one */
  rtoTarget?: number;
  rpoLostTransactions: number | null;
  rpoReason?: string;
  failedExpectations: string[];
  /** the scenario's report.html, relative to the history page */
  href: string;
}

export interface ScenarioHistory {
  scenario: string;
  /** one per run of History.runs, in the same order; null when the scenario did not run in that run */
  cells: (HistoryCell | null)[];
}

export interface History {
  /** oldest first */
  runs: HistoryRun[];
  /** by name */
  scenarios: ScenarioHistory[];
}

/** A number read from a file, or null (unmeasured, absent, or not a number at all). */
const finite = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);

/** By start time (an unparsable one last), then by run id. */
function byStart(a: LoadedRun, b: LoadedRun): number {
  const t = (r: LoadedRun) => {
    const ms = Date.parse(r.index.startedAt);
    return Number.isNaN(ms) ? Number.MAX_SAFE_INTEGER : ms;
  };
  return t(a) - t(b) || (a.index.runId < b.index.runId ? -1 : a.index.runId > b.index.runId ? 1 : 0);
}

/** A link from the page's folder to `target`, `/`-separated. */
function relativeHref(pageDir: string, target: string): string {
  return path.relative(pageDir, target).split(path.sep).join('/') || '.';
}

/**
 * The history model: runs ordered by start time (then run id), scenarios by name, links relative
 * to `pageDir` (the folder history.html is written to).
 */
export function buildHistory(runs: readonly LoadedRun[], pageDir: string): History {
  const sorted = [...runs].sort(byStart);
  const names = [...new Set(sorted.flatMap((r) => r.index.scenarios.map((s) => s.scenario)))].sort();
  return {
    runs: sorted.map(({ dir, index, indexPage }) => ({
      runId: index.runId,
      startedAt: index.startedAt,
      durationMs: index.durationMs,
      exitCode: index.exitCode,
      status: runStatus(index.exitCode),
      counts: index.counts,
      href: relativeHref(pageDir, path.join(dir, indexPage)),
    })),
    scenarios: names.map((scenario) => ({
      scenario,
      cells: sorted.map(({ dir, index }): HistoryCell | null => {
        const s = index.scenarios.find((x) => x.scenario === scenario);
        if (!s) return null;
        const f = s.figures ?? null;
        const unread = 'its result.json could not be read';
        const rtoReason = f ? f.rto?.reason : unread;
        const rpoReason = f ? f.rpo?.reason : unread;
        return {
          status: s.status,
          rtoSeconds: finite(f?.rto?.seconds),
          ...(rtoReason === undefined ? {} : { rtoReason }),
          ...(typeof f?.rto?.target === 'number' ? { rtoTarget: f.rto.target } : {}),
          rpoLostTransactions: finite(f?.rpo?.lostTransactions),
          ...(rpoReason === undefined ? {} : { rpoReason }),
          failedExpectations: s.failedExpectations,
          href: relativeHref(pageDir, path.join(dir, ...(s.reportHtml ?? `${s.dir}/report.html`).split('/'))),
        };
      }),
    })),
  };
}

/** RTO seconds per run, in run order; null where it was not measured or the scenario did not run. */
export function rtoTrend(s: ScenarioHistory): (number | null)[] {
  return s.cells.map((c) => c?.rtoSeconds ?? null);
}

// ---------------------------------------------------------------------------------------------
// Rendering (pure)

/** A y axis from 0 with 3–5 round steps covering `max`. */
export function niceScale(max: number): { top: number; step: number } {
  if (!(max > 0)) return { top: 1, step: 0.25 };
  const rough = max / 4;
  const mag = 10 ** Math.floor(Math.log10(rough));
  const step = [1, 2, 2.5, 5, 10].map((m) => m * mag).find((s) => s >= rough) ?? 10 * mag;
  return { top: Math.ceil(max / step - 1e-9) * step, step };
}

/** `11-21 07:44` (UTC) for axis labels; the run id when the start is unparsable. */
function shortInstant(run: HistoryRun): string {
  const t = Date.parse(run.startedAt);
  return Number.isNaN(t) ? run.runId : new Date(t).toISOString().slice(5, 16).replace('T', ' ');
}

const W = 1100;
const H = 200;
/** margins around the plot; PAD keeps the first and last run clear of the y labels and the edge */
const M = { left: 60, right: 16, top: 18, bottom: 58 };
const PAD = 44;
const PLOT_H = H - M.top - M.bottom;
/** up to this many runs, each point carries its value */
const LABELLED_RUNS = 16;

const fmt = (n: number) => String(Number(n.toFixed(1)));
const gapNote = (c: HistoryCell) => `RTO n/a${c.rtoReason ? ` (${c.rtoReason})` : ''}`;

/**
 * The RTO of one scenario across every run of the history: x is the run (the same for every
 * scenario), y seconds from 0. The line joins consecutive runs of this scenario whose RTO was
 * measured; a run that measured none is a gap (a dashed marker labelled n/a), never a point at 0.
 * Below the axis, a square per run it ran in, coloured by verdict.
 */
export function renderRtoChart(s: ScenarioHistory, runs: readonly HistoryRun[]): string {
  const n = runs.length;
  const plotW = W - M.left - M.right;
  const x = (i: number) => M.left + PAD + (n <= 1 ? (plotW - 2 * PAD) / 2 : ((plotW - 2 * PAD) * i) / (n - 1));
  const values = rtoTrend(s);
  const measured = values.filter((v): v is number => v !== null);
  // the newest run's target: the line the points are read against
  const target = [...s.cells].reverse().find((c) => c?.rtoTarget !== undefined)?.rtoTarget;
  const { top, step } = niceScale(Math.max(0, ...measured, ...(target === undefined ? [] : [target])));
  // nothing measured: a short strip with the note and the verdicts
  const plotH = measured.length ? PLOT_H : 26;
  const h = M.top + plotH + M.bottom;
  const y = (v: number) => M.top + plotH - (plotH * v) / top;
  const out: string[] = [];
  const title = `RTO of ${s.scenario} across ${n} run(s)`;
  out.push(
    `<svg class="chart" viewBox="0 0 ${W} ${h}" width="100%" role="img" aria-label="${escapeHtml(title)}" xmlns="http://www.w3.org/2000/svg">`,
  );
  out.push(`<title>${escapeHtml(title)}</title>`);

  // grid and y labels (none when nothing was measured: no scale to read)
  if (measured.length > 0) {
    for (let v = 0; v <= top + 1e-9; v += step) {
      const yy = fmt(y(v));
      out.push(`<line x1="${M.left}" x2="${W - M.right}" y1="${yy}" y2="${yy}" class="${v === 0 ? 'axis' : 'grid'}"/>`);
      out.push(
        `<text x="${M.left - 8}" y="${yy}" class="ylab" text-anchor="end" dominant-baseline="middle">${escapeHtml(`${formatNumber(Number(v.toFixed(3)))} s`)}</text>`,
      );
    }
  }
  if (measured.length > 0 && target !== undefined) {
    const ty = fmt(y(target));
    out.push(`<line x1="${M.left}" x2="${W - M.right}" y1="${ty}" y2="${ty}" class="target" stroke-dasharray="6 4"/>`);
    out.push(
      `<text x="${W - M.right}" y="${fmt(y(target) - 5)}" class="ylab" text-anchor="end">${escapeHtml(`target ≤ ${formatNumber(target)} s`)}</text>`,
    );
  }
  // x labels: at most ~10, always the last
  const every = Math.max(1, Math.ceil(n / 10));
  const laneY = h - M.bottom + 14;
  out.push(
    `<text x="${M.left - 8}" y="${laneY + 4}" class="ylab" text-anchor="end" dominant-baseline="middle">verdict</text>`,
  );
  runs.forEach((run, i) => {
    if (i % every === 0 || i === n - 1) {
      if (i !== n - 1 && n - 1 - i < every) return; // keep the last label clear of its neighbour
      out.push(
        `<text x="${fmt(x(i))}" y="${h - 12}" class="xlab" text-anchor="middle">${escapeHtml(shortInstant(run))}</text>`,
      );
    }
  });

  // gaps: ran, RTO not measured (marked only when the chart has a scale; else the note says it all)
  s.cells.forEach((c, i) => {
    if (c === null || c.rtoSeconds !== null || measured.length === 0) return;
    const xx = fmt(x(i));
    out.push(
      `<g class="gap"><title>${escapeHtml(`${runs[i]?.runId ?? ''}: ${VERDICT[c.status]}, ${gapNote(c)}`)}</title>`,
    );
    out.push(
      `<line x1="${xx}" x2="${xx}" y1="${M.top + 12}" y2="${M.top + plotH}"/><text x="${xx}" y="${M.top + 6}" text-anchor="middle">n/a</text></g>`,
    );
  });

  // the line: consecutive measured runs of this scenario, broken at every gap
  const segments: [number, number][][] = [];
  let current: [number, number][] = [];
  s.cells.forEach((c, i) => {
    if (c === null) return; // did not run: not part of this scenario's series
    if (c.rtoSeconds === null) {
      if (current.length) segments.push(current);
      current = [];
      return;
    }
    current.push([x(i), y(c.rtoSeconds)]);
  });
  if (current.length) segments.push(current);
  for (const seg of segments) {
    if (seg.length > 1)
      out.push(`<polyline class="trend" points="${seg.map(([a, b]) => `${fmt(a)},${fmt(b)}`).join(' ')}"/>`);
  }

  // points and verdict lane
  s.cells.forEach((c, i) => {
    if (c === null) return;
    const color = VERDICT_COLOR[c.status];
    const run = runs[i];
    const tip = escapeHtml(
      `${run?.runId ?? ''} (${run ? formatInstant(run.startedAt) : ''}): ${VERDICT[c.status]}, ${c.rtoSeconds === null ? gapNote(c) : `RTO ${formatNumber(c.rtoSeconds)} s`}`,
    );
    out.push(
      `<rect x="${fmt(x(i) - 5)}" y="${laneY - 1}" width="10" height="10" rx="2" fill="${color}" class="v-${c.status}"><title>${tip}</title></rect>`,
    );
    if (c.rtoSeconds !== null) {
      out.push(
        `<circle cx="${fmt(x(i))}" cy="${fmt(y(c.rtoSeconds))}" r="5" fill="${color}" class="pt v-${c.status}"><title>${tip}</title></circle>`,
      );
      if (n <= LABELLED_RUNS)
        out.push(
          `<text x="${fmt(x(i))}" y="${fmt(y(c.rtoSeconds) - 10)}" class="val" text-anchor="middle">${escapeHtml(secs(c.rtoSeconds))}</text>`,
        );
    }
  });
  if (measured.length === 0) {
    const reason = s.cells.find((c) => c?.rtoReason)?.rtoReason;
    out.push(
      `<text x="${M.left + plotW / 2}" y="${M.top + plotH / 2 + 4}" class="empty" text-anchor="middle">${escapeHtml(`RTO not measured in any run${reason ? ` (${reason})` : ''}`)}</text>`,
    );
  }
  out.push('</svg>');
  return out.join('\n');
}

const HISTORY_CSS = `
svg line.target{stroke:#cf222e;stroke-width:1.2}
.card{border:1px solid var(--line);border-radius:8px;padding:.75rem 1rem .4rem;margin:0 0 1rem}
.card .stats{color:var(--muted);font-size:.82rem;margin:.2rem 0 .1rem}
.card .stats b{color:var(--ink);font-weight:600}
svg.chart{display:block;max-width:100%;height:auto;font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif}
svg .grid{stroke:#eaeef2;stroke-width:1}svg .axis{stroke:#8c959f;stroke-width:1}
svg .ylab,svg .xlab{fill:#57606a;font-size:12px}
svg .trend{fill:none;stroke:#57606a;stroke-width:2;stroke-linejoin:round;stroke-linecap:round}
svg .pt{stroke:#fff;stroke-width:1.5}
svg .gap line{stroke:#afb8c1;stroke-width:1.5;stroke-dasharray:4 4}svg .gap text{fill:#6e7781;font-size:11px;font-style:italic}
svg .val{fill:#1f2328;font-size:11.5px;font-weight:600;paint-order:stroke;stroke:#fff;stroke-width:3px}
svg .empty{fill:#6e7781;font-size:14px;font-style:italic}
.legend{display:flex;gap:1.25rem;flex-wrap:wrap;color:var(--muted);font-size:.82rem;margin:0 0 .9rem}
.legend span{display:inline-flex;align-items:center;gap:.35rem}
.dot{display:inline-block;width:.7rem;height:.7rem;border-radius:50%}
.dash{display:inline-block;width:0;height:.9rem;border-left:2px dashed #afb8c1}
table.matrix{width:auto;min-width:50%}table.matrix td,table.matrix th{white-space:nowrap;padding-right:1.5rem}
table.matrix th.scn{text-transform:none;letter-spacing:0;font-size:.8rem;color:var(--ink)}
table.matrix td.cell{border-left:1px solid var(--soft)}
table.matrix .verdict{font-size:.68rem;padding:0 .4rem}
table.matrix .fig{display:block;font-size:.8rem;font-variant-numeric:tabular-nums;margin-top:.15rem}
table.matrix .fig .k{color:var(--muted)}
table.matrix .none{color:#8c959f}
`;

function scenarioStats(s: ScenarioHistory): string {
  const ran = s.cells.filter((c): c is HistoryCell => c !== null);
  const measured = ran.map((c) => c.rtoSeconds).filter((v): v is number => v !== null);
  const last = ran.at(-1);
  const parts = [`ran in <b>${ran.length}</b> run(s)`, `RTO measured in <b>${measured.length}</b>`];
  if (measured.length) {
    parts.push(`latest <b>${escapeHtml(last?.rtoSeconds == null ? 'n/a' : secs(last.rtoSeconds))}</b>`);
    parts.push(
      `best <b>${escapeHtml(secs(Math.min(...measured)))}</b>`,
      `worst <b>${escapeHtml(secs(Math.max(...measured)))}</b>`,
    );
  }
  const failed = ran.filter((c) => c.status !== 'passed').length;
  parts.push(failed ? `<span class="bad">${failed} not passed</span>` : 'all passed');
  return parts.join(' · ');
}

function matrixCell(c: HistoryCell | null): string {
  if (c === null) return '<td class="cell"><span class="none" title="did not run">—</span></td>';
  const na = (reason?: string) => `<span class="na"${reason ? ` title="${escapeHtml(reason)}"` : ''}>n/a</span>`;
  const rto = c.rtoSeconds === null ? na(c.rtoReason) : escapeHtml(secs(c.rtoSeconds));
  const rpo =
    c.rpoLostTransactions === null
      ? na(c.rpoReason)
      : `<span class="${c.rpoLostTransactions > 0 ? 'bad' : ''}">${escapeHtml(String(c.rpoLostTransactions))}</span>`;
  const failed = c.failedExpectations.length
    ? ` title="${escapeHtml(`failed: ${c.failedExpectations.join(', ')}`)}"`
    : '';
  return (
    `<td class="cell"><a href="${escapeHtml(encodeURI(c.href))}"${failed}>${verdictBadge(c.status)}</a>` +
    `<span class="fig"><span class="k">RTO</span> ${rto} · <span class="k">RPO</span> ${rpo}</span></td>`
  );
}

/** history.html from the model; `generatedAt` (ISO) is printed in the header. */
export function renderHistoryHtml(history: History, options: { generatedAt?: string } = {}): string {
  const { runs, scenarios } = history;
  const out: string[] = [];
  const first = runs[0];
  const last = runs.at(-1);
  const runCounts = { passed: 0, failed: 0, error: 0 };
  for (const r of runs) runCounts[r.status] += 1;
  out.push('<header>');
  out.push('<div class="eyebrow">pgdrill · history</div>');
  out.push(`<h1>Drill history</h1>`);
  out.push(
    facts([
      [
        'Runs',
        `${runs.length}<span class="sub">${runCounts.passed} passed, ${runCounts.failed} failed, ${runCounts.error} error</span>`,
      ],
      ['Scenarios', String(scenarios.length)],
      ['First run', first ? escapeHtml(formatInstant(first.startedAt)) : '—'],
      [
        'Latest run',
        last
          ? `${escapeHtml(formatInstant(last.startedAt))}<span class="sub">${verdictBadge(last.status)} exit ${escapeHtml(String(last.exitCode))}</span>`
          : '—',
      ],
      ...(options.generatedAt
        ? [['Generated', escapeHtml(formatInstant(options.generatedAt))] as [string, string]]
        : []),
    ]),
  );
  out.push('</header>');

  out.push('<h2>RTO per scenario</h2>');
  const legend = (['passed', 'failed', 'error'] as const).map(
    (s) => `<span><i class="dot" style="background:${VERDICT_COLOR[s]}"></i>${s}</span>`,
  );
  out.push(
    `<div class="legend">${legend.join('')}<span><i class="dash"></i>RTO not measured (gap, never 0)</span><span>x: runs oldest → newest (UTC) · y: seconds from the fault to the first acknowledged write</span></div>`,
  );
  if (scenarios.length === 0) out.push('<p class="na">No scenario ran in these runs.</p>');
  for (const s of scenarios) {
    const latest = s.cells.filter((c): c is HistoryCell => c !== null).at(-1);
    out.push(
      `<section class="card"><h3>${escapeHtml(s.scenario)}${latest ? ` ${verdictBadge(latest.status)}` : ''}</h3>`,
    );
    out.push(`<p class="stats">${scenarioStats(s)}</p>`);
    out.push(renderRtoChart(s, runs));
    out.push('</section>');
  }

  out.push('<h2>Runs × scenarios</h2>');
  const head = [
    '<th>Run</th><th>Verdict</th>',
    ...scenarios.map((s) => `<th class="scn">${escapeHtml(s.scenario)}</th>`),
  ].join('');
  const rows = runs.map((r, i) => {
    const cells = scenarios.map((s) => matrixCell(s.cells[i] ?? null)).join('');
    const runCell = `<td>${link(r.href, r.runId, 'mono')}<span class="sub">${escapeHtml(formatInstant(r.startedAt))} · ${escapeHtml(formatDuration(r.durationMs))}</span></td>`;
    const verdict = `<td>${verdictBadge(r.status)}<span class="sub" title="${escapeHtml(EXIT_MEANING[r.exitCode] ?? '')}">exit ${escapeHtml(String(r.exitCode))}</span></td>`;
    return `<tr class="s-${r.status}">${runCell}${verdict}${cells}</tr>`;
  });
  out.push(
    `<div class="scroll"><table class="matrix"><thead><tr>${head}</tr></thead><tbody>\n${rows.join('\n')}\n</tbody></table></div>`,
  );
  out.push(
    '<p class="note">Runs are ordered by start time, oldest first. RTO: fault → first acknowledged write; RPO: acknowledged transactions lost. ' +
      'n/a means not measured (hover for why), never 0; — means the scenario did not run. Each verdict links to that run’s report.html.</p>',
  );
  return htmlPage(`pgdrill history: ${runs.length} run(s)`, out.join('\n'), HISTORY_CSS);
}

// ---------------------------------------------------------------------------------------------
// Reading run directories

/** Sub-folders holding a result.json: the mark of a run folder (with or without its index). */
async function holdsScenarioResults(dir: string): Promise<boolean> {
  const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
  return entries.some((e) => e.isDirectory() && existsSync(path.join(dir, e.name, 'result.json')));
}

/**
 * A run's index.json with every scenario's figures: taken from the index when it has them, else
 * read from the scenario's result.json (indexes written before the figures existed).
 * Throws when index.json is missing, unreadable or not a run index.
 */
export async function loadRun(dir: string): Promise<LoadedRun> {
  const raw = JSON.parse(await readFile(path.join(dir, 'index.json'), 'utf8')) as unknown;
  const index = raw as RunIndex;
  if (
    typeof raw !== 'object' ||
    raw === null ||
    typeof index.runId !== 'string' ||
    typeof index.startedAt !== 'string' ||
    !Array.isArray(index.scenarios) ||
    !index.scenarios.every((s) => s && typeof s.scenario === 'string' && typeof s.dir === 'string')
  ) {
    throw new Error('index.json is not a pgdrill run index');
  }
  const counts = { passed: 0, failed: 0, error: 0 };
  const scenarios = index.scenarios.map((s) => {
    const status: ScenarioStatus = s.status === 'passed' || s.status === 'failed' ? s.status : 'error';
    counts[status] += 1;
    const figures =
      s.figures !== undefined
        ? s.figures
        : (() => {
            const result = readScenarioResult(dir, s);
            return result ? scenarioFigures(result) : null;
          })();
    return {
      ...s,
      status,
      failedExpectations: Array.isArray(s.failedExpectations) ? s.failedExpectations : [],
      figures,
    };
  });
  return {
    dir,
    index: { ...index, durationMs: Number(index.durationMs) || 0, counts, scenarios },
    indexPage: existsSync(path.join(dir, 'index.html')) ? 'index.html' : 'index.md',
  };
}

/**
 * The runs under `dirs`: each a run directory (holding index.json) or a folder of run directories
 * (e.g. reports/). A path that is missing, not a directory, or holds no run at all is a UsageError
 * naming it; a run folder without a readable index.json is skipped with a `warn` line. Each run once.
 */
export async function loadRuns(dirs: readonly string[], warn: (line: string) => void): Promise<LoadedRun[]> {
  if (dirs.length === 0)
    throw new UsageError('no run directory given', {
      hint: 'pgdrill history reports/ (or one or more reports/<run-id> folders)',
    });
  const candidates: string[] = [];
  for (const arg of dirs) {
    const dir = path.resolve(arg);
    const st = await stat(dir).catch(() => null);
    if (!st)
      throw new UsageError(`${arg}: no such directory`, {
        hint: 'give run directories (reports/<run-id>) or a folder of them (reports/)',
      });
    if (!st.isDirectory())
      throw new UsageError(`${arg} is not a directory`, {
        hint: 'give run directories (reports/<run-id>) or a folder of them (reports/)',
      });
    if (existsSync(path.join(dir, 'index.json'))) {
      candidates.push(dir);
      continue;
    }
    if (await holdsScenarioResults(dir)) {
      warn(`warning: skipping ${arg}: a run folder without index.json (interrupted run?)`);
      continue;
    }
    const subs = (await readdir(dir, { withFileTypes: true }))
      .filter((e) => e.isDirectory())
      .map((e) => e.name)
      .sort();
    let found = 0;
    for (const sub of subs) {
      const child = path.join(dir, sub);
      if (existsSync(path.join(child, 'index.json'))) {
        candidates.push(child);
        found += 1;
      } else if (await holdsScenarioResults(child)) {
        warn(`warning: skipping ${path.join(arg, sub)}: a run folder without index.json (interrupted run?)`);
        found += 1;
      }
    }
    if (found === 0)
      throw new UsageError(`${arg} holds no pgdrill run: no index.json in it or in its folders`, {
        hint: 'give run directories (reports/<run-id>) or a folder of them (reports/)',
      });
  }
  const seen = new Set<string>();
  const runs: LoadedRun[] = [];
  for (const dir of candidates) {
    const real = await realpath(dir).catch(() => dir);
    if (seen.has(real)) continue;
    seen.add(real);
    try {
      runs.push(await loadRun(dir));
    } catch (error) {
      warn(`warning: skipping ${dir}: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  return runs;
}
