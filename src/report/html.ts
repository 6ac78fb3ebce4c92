/**
 * report.html: the same account as report.md in one self-contained, printable page. No script,
 * no external resource; the CSP forbids both, so even a mistake in escaping cannot run code.
 */
import type { ScenarioResult } from './result.ts';
import type { RecoveredTable, RecoveryMetric } from '../checks/types.ts';
import { VERDICT, formatActual, formatNumber, formatOffset, metricRows, runFacts, stepStatus } from './format.ts';
import * as rec from './format-recovery.ts';

/** Escapes text for HTML content and attribute values. */
export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

const CSS = `
:root{--ok:#1a7f37;--bad:#cf222e;--warn:#9a6700;--line:#d0d7de;--muted:#57606a}
body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",sans-serif;color:#1f2328;max-width:1100px;margin:2rem auto;padding:0 1rem}
h1{font-size:1.6rem;margin:0 0 .5rem}h2{font-size:1.2rem;margin:2rem 0 .5rem;border-bottom:1px solid var(--line)}
h3{font-size:1.05rem;margin:1.5rem 0 .4rem}td.digest{font-family:ui-monospace,SFMono-Regular,Menlo,monospace;white-space:nowrap}
.verdict{display:inline-block;padding:.1rem .6rem;border-radius:4px;color:#fff;font-weight:700}
.passed{background:var(--ok)}.failed{background:var(--bad)}.error{background:var(--warn)}
table{border-collapse:collapse;width:100%;margin:.5rem 0}th,td{border:1px solid var(--line);padding:.25rem .5rem;text-align:left;vertical-align:top}
th{background:#f6f8fa}td.num{white-space:nowrap;font-variant-numeric:tabular-nums}
tr.fail td{background:#ffebe9}.ok{color:var(--ok)}.bad{color:var(--bad);font-weight:700}
dl{display:grid;grid-template-columns:max-content 1fr;gap:.15rem 1rem}dt{color:var(--muted)}dd{margin:0}
pre{background:#f6f8fa;padding:.5rem;white-space:pre-wrap;word-break:break-word}
.muted{color:var(--muted)}
@media print{body{margin:0;max-width:none;font-size:11px}h2{break-after:avoid}tr{break-inside:avoid}
.verdict,tr.fail td,th{-webkit-print-color-adjust:exact;print-color-adjust:exact}}
`;

/** A table cell: plain text, or text with a class and a tooltip (e.g. the full value of a shortened one). */
type Cell = string | { text: string; cls: string; title?: string };

function table(header: string[], rows: Cell[][], rowClass?: (i: number) => string | undefined): string {
  const td = (c: Cell) =>
    typeof c === 'string'
      ? `<td>${escapeHtml(c)}</td>`
      : `<td class="${c.cls}"${c.title === undefined ? '' : ` title="${escapeHtml(c.title)}"`}>${escapeHtml(c.text)}</td>`;
  const body = rows.map((r, i) => {
    const cls = rowClass?.(i);
    return `<tr${cls ? ` class="${cls}"` : ''}>${r.map(td).join('')}</tr>`;
  });
  return `<table><thead><tr>${header.map((h) => `<th>${escapeHtml(h)}</th>`).join('')}</tr></thead><tbody>\n${body.join('\n')}\n</tbody></table>`;
}

const p = (text: string, cls = 'muted') => `<p${cls ? ` class="${cls}"` : ''}>${escapeHtml(text)}</p>`;
const num = (text: string): Cell => ({ text, cls: 'num' });
const numeric = (columns: number[]) => (row: string[]) => row.map((c, i): Cell => (columns.includes(i) ? num(c) : c));

/** A digest shortened to 12 hex digits, the full value in its tooltip; the other side's absence in words. */
function digestCell(side: RecoveredTable['expected'], absent: string): Cell {
  if (side === null) return { text: absent, cls: 'muted' };
  return side.digest.length > 12 ? { text: `${side.digest.slice(0, 12)}…`, cls: 'digest', title: side.digest } : { text: side.digest, cls: 'digest' };
}

/** Backups, marks, then each restore with the expected and restored digests side by side. */
function recoverySection(r: RecoveryMetric): string[] {
  const out = ['<h2>Backups and recovery</h2>'];
  if (r.backups.length) {
    const unverified = (i: number) => (r.backups[i]?.verification.passed ? undefined : 'fail');
    out.push('<h3>Backups</h3>', table(rec.BACKUP_HEADER, r.backups.map(rec.backupRow).map(numeric(rec.BACKUP_NUMERIC)), unverified));
  }
  if (r.marks.length) out.push('<h3>Marks</h3>', table(rec.MARK_HEADER, r.marks.map(rec.markRow).map(numeric(rec.MARK_NUMERIC))));
  for (const x of r.recoveries) {
    out.push(`<h3>${escapeHtml(rec.recoveryTitle(x))}</h3>`);
    out.push(`<dl>${rec.recoveryFacts(x).map(([k, v]) => `<dt>${escapeHtml(k)}</dt><dd>${escapeHtml(v)}</dd>`).join('')}</dl>`);
    if (x.reason) out.push(p(x.reason.trim(), x.passed === true ? 'ok' : 'bad'));
    if (x.tables.length === 0) out.push(p('No table was compared.'));
    else {
      const rows = x.tables.map((t): Cell[] => [
        t.table, num(rec.rowsText(t.expected)), digestCell(t.expected, rec.ABSENT.expected),
        num(rec.rowsText(t.actual)), digestCell(t.actual, rec.ABSENT.actual), { text: rec.matchText(t), cls: t.match ? 'ok' : 'bad' },
      ]);
      out.push(table(rec.DIGEST_HEADER, rows, (i) => (x.tables[i]?.match ? undefined : 'fail')));
    }
    for (const line of rec.keyLines(x)) out.push(p(line, 'bad'));
    const archive = rec.archiveLine(x);
    if (archive) out.push(p(archive, x.archive?.missingTotal ? 'bad' : ''));
  }
  return out;
}

/** Renders result.json as a standalone HTML page with the same sections as report.md. */
export function renderScenarioHtml(result: ScenarioResult): string {
  const r = result;
  const out: string[] = [];
  out.push(`<h1>${escapeHtml(r.scenario)} <span class="verdict ${r.status}">${VERDICT[r.status]}</span></h1>`);
  if (r.description) out.push(p(r.description.trim(), 'description'));
  out.push(`<dl>${runFacts(r).map(([k, v]) => `<dt>${escapeHtml(k)}</dt><dd>${escapeHtml(v)}</dd>`).join('')}</dl>`);

  if (r.error) {
    out.push(`<h2>${r.status === 'error' ? 'Error' : 'Failure'}</h2>`);
    out.push(`<p>Code: <code>${escapeHtml(r.error.code)}</code></p><pre>${escapeHtml(r.error.message)}</pre>`);
    if (r.error.hint) out.push(`<p>What to do: ${escapeHtml(r.error.hint)}</p>`);
  }

  out.push('<h2>Targets vs achieved</h2>');
  if (r.expectations.length === 0) {
    out.push(p(r.status === 'error' ? 'No expectation was judged: the drill did not reach the checks.' : 'The scenario declares no expectations; its metrics follow.'));
  } else {
    const rows = r.expectations.map((e): Cell[] => [e.name, e.expected, formatActual(e), e.passed ? { text: '✅ pass', cls: 'ok' } : { text: '❌ FAIL', cls: 'bad' }]);
    out.push(table(['Expectation', 'Target', 'Actual', 'Verdict'], rows, (i) => (r.expectations[i]?.passed ? undefined : 'fail')));
  }

  out.push('<h2>Metrics</h2>');
  out.push(table(['Area', 'Metric', 'Value'], metricRows(r.metrics).map((m) => [m.area, m.metric, m.value])));
  const recovery = r.metrics?.recovery;
  if (rec.hasRecovery(recovery)) out.push(...recoverySection(recovery));

  out.push('<h2>Steps</h2>');
  if (r.steps.length === 0) out.push(p('No step ran.'));
  else {
    const rows = r.steps.map((s): Cell[] => [num(String(s.index + 1)), s.title, s.node ?? '', num(formatOffset(s.startedAtMs)), num(`${formatNumber(s.durationMs / 1000)} s`), stepStatus[s.status], s.error ?? '']);
    const failed = (i: number) => (r.steps[i]?.status === 'failed' || r.steps[i]?.status === 'unexpected-success' ? 'fail' : undefined);
    out.push(table(['#', 'Step', 'Node', 'Started', 'Duration', 'Status', 'Error'], rows, failed));
  }

  out.push('<h2>Timeline</h2>');
  if (r.timeline.length === 0) out.push(p('Nothing was recorded.'));
  else out.push(table(['At', 'Kind', 'Node', 'Event'], r.timeline.map((t) => [num(formatOffset(t.atMs)), t.kind, t.node ?? '', t.message])));

  if (r.artifacts.length) {
    out.push('<h2>Artifacts</h2>');
    out.push(`<ul>${r.artifacts.map((a) => `<li><a href="${escapeHtml(encodeURI(a))}">${escapeHtml(a)}</a></li>`).join('')}</ul>`);
  }
  out.push(p(`Written by pgdrill ${r.harness.version}. A metric that could not be measured reads n/a, never 0.`));

  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(`${r.scenario}: ${VERDICT[r.status]} — pgdrill`)}</title>
<style>${CSS}</style>
</head>
<body>
${out.join('\n')}
</body>
</html>
`;
}
