/** report.md: the human-readable account of one scenario, readable raw in a CI log or rendered. */
import { targetWithUnit } from './units.ts';
import type { ScenarioResult } from '../result/result.ts';
import type { RecoveredTable, RecoveryMetric } from '../checks/types.ts';
import {
  EXPECTATION_VERDICT,
  VERDICT,
  expectationVerdict,
  formatActual,
  shownStatus,
  formatNumber,
  formatOffset,
  metricRows,
  runFacts,
  stepStatus,
} from './format.ts';
import * as rec from './format-recovery.ts';

const ICON = {
  passed: '✅',
  failed: '❌',
  'not-measured': '❔',
  error: '⚠️',
  xfailed: '☑️',
  xpassed: '❌',
} as const;
const EXPECTATION_ICON = { held: '✅', failed: '❌', 'not-measured': '❔' } as const;

/** Escapes a value for a GFM table cell: `|` would end the cell, a newline the row. */
export function mdCell(value: string): string {
  return value.replace(/\|/g, '\\|').replace(/\r?\n/g, '<br>').trim();
}

function table(header: string[], rows: string[][]): string {
  const line = (cells: string[]) => `| ${cells.map(mdCell).join(' | ')} |`;
  return [line(header), `|${header.map(() => '---').join('|')}|`, ...rows.map(line)].join('\n');
}

/** A fenced block that no backtick run inside `text` can close early. */
function fence(text: string): string {
  const longest = Math.max(2, ...[...text.matchAll(/`+/g)].map((m) => m[0].length));
  const f = '`'.repeat(longest + 1);
  return `${f}text\n${text}\n${f}`;
}

/** Backups, marks, then each restore with the expected and restored digests side by side. */
function recoverySection(r: RecoveryMetric): string[] {
  const digest = (side: RecoveredTable['expected'], absent: string) => side?.digest ?? absent;
  const out = ['## Backups and recovery'];
  if (r.backups.length) out.push('### Backups', table(rec.BACKUP_HEADER, r.backups.map(rec.backupRow)));
  if (r.marks.length) out.push('### Marks', table(rec.MARK_HEADER, r.marks.map(rec.markRow)));
  for (const x of r.recoveries) {
    out.push(`### ${mdCell(rec.recoveryTitle(x))}`);
    out.push(
      rec
        .recoveryFacts(x)
        .map(([k, v]) => `- **${k}:** ${mdCell(v)}`)
        .join('\n'),
    );
    if (x.reason) out.push(x.reason.trim());
    out.push(
      x.tables.length === 0
        ? 'No table was compared.'
        : table(
            rec.DIGEST_HEADER,
            x.tables.map((t) => [
              t.table,
              rec.rowsText(t.expected),
              digest(t.expected, rec.ABSENT.expected),
              rec.rowsText(t.actual),
              digest(t.actual, rec.ABSENT.actual),
              rec.matchText(t),
            ]),
          ),
    );
    const archive = rec.archiveLine(x);
    const notes = [...rec.keyLines(x), ...(archive ? [archive] : [])];
    if (notes.length) out.push(notes.map((n) => `- ${n}`).join('\n'));
  }
  return out;
}

/** Renders result.json as Markdown: verdict, targets vs achieved, metrics, steps, timeline. */
export function renderScenarioMarkdown(result: ScenarioResult): string {
  const out: string[] = [];
  const shown = shownStatus(result);
  out.push(`# ${mdCell(result.scenario)}: ${ICON[shown]} ${VERDICT[shown]}`);
  if (result.description) out.push(result.description.trim());
  out.push([['Verdict', VERDICT[shown]], ...runFacts(result)].map(([k, v]) => `- **${k}:** ${v}`).join('\n'));

  if (result.error) {
    const lines = [
      `## ${result.status === 'error' ? 'Error' : 'Failure'}`,
      `Code: ${result.error.code}`,
      fence(result.error.message),
    ];
    if (result.error.hint) lines.push(`What to do: ${result.error.hint}`);
    out.push(lines.join('\n\n'));
  }

  out.push('## Targets vs achieved');
  out.push(
    result.expectations.length === 0
      ? result.status === 'error'
        ? 'No expectation was judged: the drill did not reach the checks.'
        : 'The scenario declares no expectations; its metrics follow.'
      : table(
          ['Expectation', 'Target', 'Actual', 'Verdict'],
          result.expectations.map((e) => {
            const v = expectationVerdict(e);
            const word = v === 'not-measured' ? ` ${EXPECTATION_VERDICT[v]}` : '';
            return [e.name, targetWithUnit(e.name, e.expected), formatActual(e), `${EXPECTATION_ICON[v]}${word}`];
          }),
        ),
  );

  out.push('## Metrics');
  out.push(
    table(
      ['Area', 'Metric', 'Value'],
      metricRows(result.metrics).map((r) => [r.area, r.metric, r.value]),
    ),
  );
  const recovery = result.metrics?.recovery;
  if (rec.hasRecovery(recovery)) out.push(...recoverySection(recovery));

  out.push('## Steps');
  out.push(
    result.steps.length === 0
      ? 'No step ran.'
      : table(
          ['#', 'Step', 'Node', 'Started', 'Duration', 'Status', 'Error'],
          result.steps.map((s) => [
            String(s.index + 1),
            s.title,
            s.node ?? '',
            formatOffset(s.startedAtMs),
            `${formatNumber(s.durationMs / 1000)} s`,
            stepStatus[s.status],
            s.error ?? '',
          ]),
        ),
  );

  out.push('## Timeline');
  out.push(
    result.timeline.length === 0
      ? 'Nothing was recorded.'
      : table(
          ['At', 'Kind', 'Node', 'Event'],
          result.timeline.map((t) => [formatOffset(t.atMs), t.kind, t.node ?? '', t.message]),
        ),
  );

  if (result.artifacts.length) {
    out.push('## Artifacts');
    out.push(result.artifacts.map((a) => `- [${a.replace(/[[\]]/g, '\\$&')}](${encodeURI(a)})`).join('\n'));
  }
  out.push(`_Written by pgdrill ${result.harness.version}. A metric that could not be measured reads n/a, never 0._`);
  return `${out.join('\n\n')}\n`;
}
