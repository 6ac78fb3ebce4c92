/**
 * report.html's evidence sections: every table's digest on every node side by side, the lost
 * keys (capped, with the total), the full event log, and links to every file of the evidence.
 */
import type { NodeChecksums, NodeSample } from '../evidence/evidence.ts';
import type { ScenarioResult } from '../result/result.ts';
import { LIST_CAP, formatOffset, na } from './format.ts';
import { type Cell, digestCell, escapeHtml, fileLink, num, p, section, table } from './html-kit.ts';

/** Per table, each node's rows and digest side by side; a cell that differs from the first node's is marked. */
export function checksumsSection(r: ScenarioResult): string {
  const nodes: NodeChecksums[] = r.checksums ?? [];
  const cs = r.metrics?.checksums;
  if (nodes.length === 0) {
    const why = cs?.reason ?? (r.metrics === null ? 'the drill did not reach the checks' : 'no node was read');
    return section('checksums', 'Checksums side by side', [p(`No checksum table: ${why}.`)]);
  }
  const tables = [...new Set(nodes.flatMap((n) => n.tables.map((t) => t.table)))];
  const ref = nodes[0]!;
  const rows: Cell[][] = [];
  const differs: boolean[] = [];
  for (const name of tables) {
    const refT = ref.tables.find((t) => t.table === name);
    let bad = false;
    const cells = nodes.flatMap((n): Cell[] => {
      const t = n.tables.find((x) => x.table === name);
      if (!t) {
        bad = true;
        return [
          { text: 'missing', cls: 'num bad' },
          { text: '—', cls: 'bad' },
        ];
      }
      const same = !!refT && refT.rows === t.rows && refT.digest === t.digest;
      if (!same) bad = true;
      return [{ text: String(t.rows), cls: same ? 'num' : 'num bad' }, digestCell(t.digest, same ? '' : 'bad')];
    });
    differs.push(bad);
    rows.push([name, ...cells, bad ? { text: 'DIFFERS', cls: 'bad' } : { text: 'equal', cls: 'ok' }]);
  }
  const header = ['Table', ...nodes.flatMap((n) => [`${n.node} rows`, `${n.node} digest`]), 'Verdict'];
  const verdict =
    cs?.match === false || differs.some(Boolean)
      ? p(
          `The nodes disagree on ${differs.filter(Boolean).length} of ${tables.length} table(s); the reference is ${ref.node}.`,
          'bad',
        )
      : p(
          `All ${tables.length} table(s) are identical on ${nodes.map((n) => n.node).join(', ')} (rows and order-independent digest of every row).`,
          'ok',
        );
  return section('checksums', 'Checksums side by side', [
    verdict,
    table(header, rows, (i) => (differs[i] ? 'fail' : undefined), 'checksums'),
  ]);
}

/** The keys lost, capped, with the total; failed-but-present keys and unknown outcomes too. */
export function lostKeysSection(r: ScenarioResult): string {
  const rpo = r.metrics?.rpo;
  if (!rpo) return section('lost-keys', 'Lost keys', [p(na('the drill did not reach the checks'))]);
  const keys = (list: number[], total: number) =>
    `<div class="keys">${escapeHtml(list.join(', '))}${total > list.length ? ` <span class="muted">… ${total - list.length} more not listed</span>` : ''}</div>`;
  const out: string[] = [];
  if (rpo.lostTransactions === null) out.push(p(`Not measured: ${rpo.reason ?? 'no surviving primary to ask'}.`));
  else if (rpo.lostKeysTotal === 0) out.push(p('No acknowledged write is missing on the surviving primary.', 'ok'));
  else
    out.push(
      p(
        `${rpo.lostKeysTotal} acknowledged key(s) missing on the surviving primary (showing ${rpo.lostKeys.length}):`,
        'bad',
      ),
      keys(rpo.lostKeys, rpo.lostKeysTotal),
    );
  if (rpo.failedButPresentTotal)
    out.push(
      p(`${rpo.failedButPresentTotal} write(s) reported failed to the client are present anyway:`, 'bad'),
      keys(rpo.failedButPresent, rpo.failedButPresentTotal),
    );
  if (rpo.unknownCommitted !== null && rpo.unknownAbsent !== null) {
    out.push(
      p(
        `Writes with an unknown outcome (informative, never counted as lost): ${rpo.unknownCommitted} committed, ${rpo.unknownAbsent} absent.`,
      ),
    );
  }
  const sb = r.metrics?.splitBrain;
  if (sb?.detected) {
    const rows = sb.incidents
      .slice(0, LIST_CAP)
      .map((i): Cell[] => [
        i.kind,
        i.node,
        num(String(i.key)),
        num(formatOffset(i.atMs)),
        i.newPrimary,
        num(formatOffset(i.promotedAtMs)),
      ]);
    out.push(
      p(
        `Split-brain: ${sb.incidentsTotal} write(s) acknowledged by a second primary${sb.incidentsTotal > rows.length ? ` (showing ${rows.length})` : ''}:`,
        'bad',
      ),
    );
    out.push(table(['Kind', 'Node', 'Key', 'Acknowledged at', 'Other primary', 'Since'], rows, () => 'fail'));
  }
  return section('lost-keys', 'Lost keys', out);
}

/** Every timeline event, in order. */
export function eventLogSection(r: ScenarioResult): string {
  if (r.timeline.length === 0) return section('event-log', 'Event log', [p('Nothing was recorded.')]);
  const rows = r.timeline.map((t): Cell[] => [num(formatOffset(t.atMs)), t.kind, t.node ?? '', t.message]);
  return section(
    'event-log',
    'Event log',
    [table(['At', 'Kind', 'Node', 'Event'], rows, (i) => (r.timeline[i]?.kind === 'fault' ? 'fault-row' : undefined))],
    'page',
  );
}

/** What a file is, for the evidence list. */
function describe(file: string, samples: NodeSample[]): string {
  if (file === 'samples.json') {
    const nodes = new Set(samples.map((s) => s.node));
    return samples.length
      ? `${samples.length} periodic samples of ${nodes.size} node(s): role, timeline, LSNs, lag, WAL, archiver`
      : 'periodic node samples';
  }
  if (/^logs\/.+\.log$/.test(file)) return `server log of ${file.slice(5, -4)}`;
  if (/^runbook-step-\d+\.log$/.test(file)) return `runbook output of step ${/\d+/.exec(file)![0]}`;
  if (file === 'report.md') return 'this report in Markdown';
  if (file === 'report.html') return 'this page';
  return '';
}

/** Links to every evidence file, grouped: logs, samples, runbooks, the machine-readable record. */
export function evidenceSection(r: ScenarioResult, samples: NodeSample[]): string {
  const files = [...new Set(['result.json', ...r.artifacts])];
  const groups: [string, (f: string) => boolean][] = [
    ['Node logs', (f) => f.startsWith('logs/')],
    ['Samples', (f) => f === 'samples.json'],
    ['Runbook logs', (f) => /^runbook-step-\d+\.log$/.test(f)],
    ['Records and reports', (f) => ['result.json', 'report.md', 'report.html'].includes(f)],
  ];
  const seen = new Set<string>();
  const out: string[] = [];
  for (const [title, match] of [...groups, ['Other files', () => true] as [string, (f: string) => boolean]]) {
    const mine = files.filter((f) => !seen.has(f) && match(f));
    for (const f of mine) seen.add(f);
    if (mine.length === 0) continue;
    const items = mine.map(
      (f) =>
        `<li>${fileLink(f)}${describe(f, samples) ? ` <span class="muted">— ${escapeHtml(describe(f, samples))}</span>` : ''}</li>`,
    );
    out.push(`<h3>${escapeHtml(title)}</h3><ul class="files">${items.join('')}</ul>`);
  }
  out.push(
    p(
      "Paths are relative to this page. The run folder's manifest.sha256 (one level up) holds the SHA-256 of every file: `sha256sum -c manifest.sha256` proves none was changed.",
    ),
  );
  return section('evidence', 'Evidence files', out);
}
