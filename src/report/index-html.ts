/**
 * index.html: the run's table of contents as one self-contained, printable page: every scenario
 * with its verdict, headline figures and failed expectations, linking to its report.html. Like
 * report.html it has no script and no external resource, and its CSP forbids both.
 *
 * The page kit (CSS, shell, figure cells) is shared with the history page (history.ts).
 */
import type { RunIndex, RunIndexScenario, ScenarioFigures } from './run-index.ts';
import type { ScenarioStatus } from '../result/result.ts';
import { type ShownStatus, VERDICT, formatDuration, formatNumber, shownStatus } from './format.ts';
import { escapeHtml, printMargins, selfContainedPage } from './html-kit.ts';

/** What each exit code of the contract says about a run (README, "exit" table). */
export const EXIT_MEANING: Record<number, string> = {
  0: 'every scenario ran and met every expectation',
  1: 'an expectation (or a step) failed, or could not be measured: the drill found a problem or proved nothing',
  2: 'a scenario file or the command line is invalid',
  3: 'the infrastructure failed: no verdict',
};

/** The run's verdict from its exit code: 0 passed, 1 failed, 2 and 3 error. */
export function runStatus(exitCode: number): ScenarioStatus {
  return exitCode === 0 ? 'passed' : exitCode === 1 ? 'failed' : 'error';
}

/** The verdict colours, the same as report.html's. */
export const VERDICT_COLOR: Record<ShownStatus, string> = {
  passed: '#1a7f37',
  failed: '#cf222e',
  'not-measured': '#8250df',
  error: '#9a6700',
  xfailed: '#57606a',
  xpassed: '#cf222e',
};

/** An ISO instant as `2026-11-21 07:44:06 UTC`; anything unparsable as it is. */
export function formatInstant(iso: string): string {
  const t = Date.parse(iso);
  if (Number.isNaN(t)) return iso;
  return `${new Date(t).toISOString().slice(0, 19).replace('T', ' ')} UTC`;
}

/** `<a>` to a path relative to the page, encoded for the URL and escaped for HTML. */
export function link(href: string, text: string, cls?: string): string {
  return `<a href="${escapeHtml(encodeURI(href))}"${cls ? ` class="${cls}"` : ''}>${escapeHtml(text)}</a>`;
}

export const verdictBadge = (status: ShownStatus, text: string = VERDICT[status]) =>
  `<span class="verdict ${status}">${escapeHtml(text)}</span>`;

export const PAGE_CSS = `
:root{--ok:${VERDICT_COLOR.passed};--bad:${VERDICT_COLOR.failed};--warn:${VERDICT_COLOR.error};--nm:${VERDICT_COLOR['not-measured']};--nm-bg:#fbefff;--ok-bg:#dafbe1;--bad-bg:#ffebe9;--warn-bg:#fff8c5;
--line:#d0d7de;--soft:#eaeef2;--muted:#57606a;--head:#f6f8fa;--ink:#1f2328;--link:#0969da}
*{box-sizing:border-box}
html{font-size:14px}
body{font:1rem/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:var(--ink);max-width:1200px;margin:2rem auto;padding:0 1.25rem}
a{color:var(--link);text-decoration:none}a:hover{text-decoration:underline}
header{border-bottom:1px solid var(--line);padding-bottom:1rem;margin-bottom:1.25rem}
.eyebrow{text-transform:uppercase;letter-spacing:.08em;font-size:.72rem;color:var(--muted);font-weight:600}
h1{font-size:1.6rem;margin:.15rem 0 .75rem;display:flex;align-items:center;gap:.65rem;flex-wrap:wrap}
h2{font-size:1.15rem;margin:1.9rem 0 .7rem}
h3{font-size:1rem;margin:0;display:flex;align-items:center;gap:.5rem;flex-wrap:wrap}
code,.mono{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;font-size:.92em}
.verdict{display:inline-block;padding:.08rem .5rem;border-radius:4px;color:#fff;font-weight:700;font-size:.74rem;letter-spacing:.04em;line-height:1.5;vertical-align:middle;white-space:nowrap}
h1 .verdict{font-size:.85rem;padding:.12rem .6rem}
.verdict.passed{background:var(--ok)}.verdict.failed{background:var(--bad)}.verdict.error{background:var(--warn)}.verdict.not-measured{background:var(--nm)}
.facts{display:flex;flex-wrap:wrap;gap:.5rem 2.25rem;margin:0}
.facts div{display:flex;flex-direction:column}.facts dt{color:var(--muted);font-size:.75rem;text-transform:uppercase;letter-spacing:.05em}
.facts dd{margin:0;font-weight:600}
.tiles{display:flex;gap:.75rem;flex-wrap:wrap;margin:1rem 0 0}
.tile{border:1px solid var(--line);border-left-width:4px;border-radius:6px;padding:.35rem .9rem;min-width:7.5rem}
.tile b{display:block;font-size:1.35rem;line-height:1.2;font-variant-numeric:tabular-nums}.tile span{color:var(--muted);font-size:.8rem}
.tile.passed{border-left-color:var(--ok)}.tile.failed{border-left-color:var(--bad)}.tile.error{border-left-color:var(--warn)}.tile.not-measured{border-left-color:var(--nm)}
.tile.zero b{color:var(--muted);font-weight:500}
table{border-collapse:collapse;width:100%;margin:.25rem 0}
th,td{border-bottom:1px solid var(--soft);padding:.45rem .6rem;text-align:left;vertical-align:top}
thead th{background:var(--head);color:var(--muted);font-size:.74rem;font-weight:600;text-transform:uppercase;letter-spacing:.04em;border-top:1px solid var(--line);border-bottom:1px solid var(--line);white-space:nowrap}
td.num{font-variant-numeric:tabular-nums}
.sub{display:block;color:var(--muted);font-size:.76rem;font-weight:400;line-height:1.35}
td.scn{white-space:nowrap}td.rto{min-width:10.5rem}td.rto .sub{white-space:nowrap}td.conv{min-width:9rem}
.good{color:var(--ok)}.bad{color:var(--bad);font-weight:700}.na{color:var(--muted)}td .good,td .bad{white-space:nowrap}
tr.s-passed>td:first-child{box-shadow:inset 3px 0 var(--ok)}tr.s-failed>td:first-child{box-shadow:inset 3px 0 var(--bad)}
tr.s-error>td:first-child{box-shadow:inset 3px 0 var(--warn)}tr.s-not-measured>td:first-child{box-shadow:inset 3px 0 var(--nm)}
.chip.nm{background:var(--nm-bg);color:var(--nm)}
tr.has-detail>td{border-bottom:0}
tr.detail>td{padding-top:0;font-size:.82rem}
.detail .label{color:var(--muted);margin-right:.35rem}
.chip{display:inline-block;background:var(--bad-bg);color:var(--bad);border-radius:4px;padding:0 .4rem;margin:0 .3rem .2rem 0;font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;font-size:.78rem}
.errtext{color:var(--warn)}
.scenario-name{font-weight:600}
.note{color:var(--muted);font-size:.82rem;margin-top:1.5rem;border-top:1px solid var(--line);padding-top:.75rem}
.scroll{overflow-x:auto}
@media print{html{font-size:10.5px}body{margin:0;max-width:none;padding:0}a{color:inherit}
h2{break-after:avoid}tr,.card{break-inside:avoid}.scroll{overflow:visible}
th,td{padding:.3rem .4rem}th,td,td *{white-space:normal!important}td.rto,td.conv{min-width:0}thead th{letter-spacing:0}
.verdict,.tile,.chip,thead th,tr>td:first-child,svg{-webkit-print-color-adjust:exact;print-color-adjust:exact}}
`;

/** A complete page: CSP that forbids scripts and every external resource, inline CSS, printable. */
export function htmlPage(title: string, body: string, extraCss = ''): string {
  return selfContainedPage(title, `${PAGE_CSS}${extraCss}`, body);
}

/** `<div><dt>…</dt><dd>…</dd></div>` pairs; values are HTML already. */
export function facts(pairs: [string, string][]): string {
  return `<dl class="facts">${pairs.map(([k, v]) => `<div><dt>${escapeHtml(k)}</dt><dd>${v}</dd></div>`).join('')}</dl>`;
}

/** An unmeasured value: `n/a`, and why underneath (and in the tooltip). */
function naCell(reason?: string): string {
  return reason
    ? `<span class="na" title="${escapeHtml(reason)}">n/a</span><span class="sub">${escapeHtml(reason)}</span>`
    : '<span class="na">n/a</span>';
}

const main = (text: string, cls = '') => (cls ? `<span class="${cls}">${escapeHtml(text)}</span>` : escapeHtml(text));
const sub = (text: string) => `<span class="sub">${escapeHtml(text)}</span>`;
/** `4.2 s`, never broken between the number and its unit */
export const secs = (s: number) => `${formatNumber(s)}\u00a0s`;

/** The key figures' column headings. */
export const FIGURE_HEADER = [
  'RPO lost tx',
  'RTO',
  'Checksums',
  'Convergence',
  'Split-brain',
  'Writes ack / failed',
  'Duration',
] as const;

/** The cells of a scenario's key figures, as HTML, in FIGURE_HEADER's order. */
export function figureCells(f: ScenarioFigures): string[] {
  const { rpo, rto, checksums: cs, convergence: conv, splitBrain: sb, workload: w } = f;
  return [
    rpo.lostTransactions === null
      ? naCell(rpo.reason)
      : main(String(rpo.lostTransactions), rpo.lostTransactions > 0 ? 'bad' : '') +
        (rpo.lostTransactions > 0 && rpo.seconds !== null ? sub(`${secs(rpo.seconds)} window`) : ''),
    rto.seconds === null
      ? naCell(rto.reason)
      : main(secs(rto.seconds)) +
        (rto.longestPhase ? sub(`longest: ${rto.longestPhase.name} ${secs(rto.longestPhase.seconds)}`) : ''),
    cs.match === null ? naCell(cs.reason) : cs.match ? main('match', 'good') : main('MISMATCH', 'bad'),
    conv.converged === false
      ? main('NOT converged', 'bad')
      : conv.seconds === null
        ? naCell(conv.reason)
        : main(secs(conv.seconds)),
    sb.detected === null
      ? naCell(sb.reason)
      : sb.detected
        ? main(`DETECTED (${sb.incidents})`, 'bad')
        : main('none', 'good'),
    w === null
      ? naCell('no workload')
      : main(`${w.acknowledged} / ${w.failed}`) + (w.unknown ? sub(`${w.unknown} unknown outcome`) : ''),
    escapeHtml(formatDuration(f.durationMs)),
  ];
}

/** Which figure columns are numeric (tabular figures); which get a class for their width. */
const FIGURE_NUMERIC = new Set([0, 1, 5, 6]);
const FIGURE_CLASS: Record<number, string> = { 1: 'rto', 3: 'conv' };

/** The figure cells of one scenario's row: the figures, or one cell saying why there are none. */
function figureRow(s: RunIndexScenario): string {
  const f = s.figures;
  if (f === undefined || f === null) {
    const why = f === null ? 'its result.json could not be read' : 'this index predates them';
    return `<td colspan="${FIGURE_HEADER.length}" class="na">figures unavailable: ${escapeHtml(why)}</td>`;
  }
  if (!f.measured) {
    return (
      `<td colspan="${FIGURE_HEADER.length - 1}" class="na">not measured: ${escapeHtml(f.rto.reason ?? 'the drill did not reach the checks')}</td>` +
      `<td class="num">${escapeHtml(formatDuration(f.durationMs))}</td>`
    );
  }
  return figureCells(f)
    .map(
      (c, i) => `<td class="${[FIGURE_NUMERIC.has(i) ? 'num' : '', FIGURE_CLASS[i] ?? ''].join(' ').trim()}">${c}</td>`,
    )
    .join('');
}

function scenarioRows(s: RunIndexScenario): string {
  const html = s.reportHtml ?? `${s.dir}/report.html`;
  const name = `${link(html, s.scenario, 'scenario-name')}<span class="sub">${link(s.report, 'report.md')} · ${link(s.result, 'result.json')}</span>`;
  const f = s.figures;
  const details: string[] = [];
  const unmeasured = s.notMeasured ?? [];
  const failed = s.failedExpectations.filter((e) => !unmeasured.some((n) => n.name === e));
  if (failed.length) {
    details.push(
      `<span class="label">Failed expectations:</span>${failed.map((e) => `<span class="chip">${escapeHtml(e)}</span>`).join('')}`,
    );
  }
  if (unmeasured.length) {
    details.push(
      `<span class="label">Not measured:</span>${unmeasured.map((n) => `<span class="chip nm">${escapeHtml(n.name)}</span> ${escapeHtml(n.why)}`).join(' ')}`,
    );
  }
  if (f?.error)
    details.push(
      `<span class="label">Error:</span><span class="errtext"><code>${escapeHtml(f.error.code)}</code> ${escapeHtml(f.error.message)}</span>`,
    );
  const shown = shownStatus(s);
  const row = `<tr class="s-${shown}${details.length ? ' has-detail' : ''}"><td class="scn">${name}</td><td>${verdictBadge(shown)}</td>${figureRow(s)}</tr>`;
  const detail = details.length
    ? `\n<tr class="s-${shown} detail"><td></td><td colspan="${FIGURE_HEADER.length + 1}">${details.join('<br>')}</td></tr>`
    : '';
  return row + detail;
}

/** index.html from the index model (as written to index.json). */
export function renderIndexHtml(index: RunIndex): string {
  // a run whose only failures are unmeasured expectations reads NOT MEASURED, not FAILED
  const exitStatus = runStatus(index.exitCode);
  const status: ShownStatus =
    exitStatus === 'failed' && index.notMeasured && index.notMeasured === index.counts.failed
      ? 'not-measured'
      : exitStatus;
  const runVerdict = { passed: 'ALL PASSED', failed: 'FAILED', 'not-measured': 'NOT MEASURED', error: 'ERROR' }[status];
  const { counts } = index;
  const out: string[] = [];
  out.push('<header>');
  out.push('<div class="eyebrow">pgdrill · run report</div>');
  out.push(`<h1>Run <span class="mono">${escapeHtml(index.runId)}</span> ${verdictBadge(status, runVerdict)}</h1>`);
  out.push(
    facts([
      ['Started', escapeHtml(formatInstant(index.startedAt))],
      ['Duration', escapeHtml(formatDuration(index.durationMs))],
      [
        'Exit code',
        `${escapeHtml(String(index.exitCode))}<span class="sub">${escapeHtml(EXIT_MEANING[index.exitCode] ?? '')}</span>`,
      ],
      ['Scenarios', String(index.scenarios.length)],
    ]),
  );
  const tile = (s: ScenarioStatus, label: string) =>
    `<div class="tile ${s}${counts[s] === 0 ? ' zero' : ''}"><b>${escapeHtml(String(counts[s]))}</b><span>${label}</span></div>`;
  const unmeasured = index.notMeasured
    ? `<div class="tile not-measured"><b>${escapeHtml(String(index.notMeasured))}</b><span>of them not measured</span></div>`
    : '';
  out.push(
    `<div class="tiles">${tile('passed', 'passed')}${tile('failed', 'failed')}${unmeasured}${tile('error', 'error')}</div>`,
  );
  out.push('</header>');

  out.push('<h2>Scenarios</h2>');
  if (index.scenarios.length === 0) out.push('<p class="na">No scenario ran.</p>');
  else {
    const head = ['Scenario', 'Verdict', ...FIGURE_HEADER].map((h) => `<th>${escapeHtml(h)}</th>`).join('');
    out.push(
      `<div class="scroll"><table class="scenarios"><thead><tr>${head}</tr></thead><tbody>\n${index.scenarios.map(scenarioRows).join('\n')}\n</tbody></table></div>`,
    );
  }
  out.push(
    `<p class="note">A metric that could not be measured reads n/a, never 0; the reason is under it. ` +
      `Files: ${link('index.md', 'index.md')} · ${link('index.json', 'index.json')} · ${link('manifest.sha256', 'manifest.sha256')} ` +
      `(<code>sha256sum -c manifest.sha256</code> in this directory verifies every file).</p>`,
  );
  return htmlPage(
    `pgdrill run ${index.runId}: ${runVerdict}`,
    out.join('\n'),
    printMargins(`pgdrill · run ${index.runId} · ${runVerdict}`),
  );
}
