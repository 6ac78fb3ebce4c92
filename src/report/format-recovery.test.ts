import { describe, expect, it } from 'vitest';
import { escapeHtml, renderScenarioHtml } from './html.ts';
import { renderScenarioMarkdown } from './markdown.ts';
import { renderVerdict } from './terminal.ts';
import { metricRows } from './format.ts';
import { archiveLine, keyLines, listInAll } from './format-recovery.ts';
import { DIGEST, makeMetrics, makeRecoveryCheck, makeRecoveryMetric, makeResult } from './test-result.ts';

const withRecovery = (recovery = makeRecoveryMetric()) => makeResult({ metrics: makeMetrics({ recovery }) });
const mdSection = (md: string, title: string) => md.split(`## ${title}\n`)[1]?.split('\n## ')[0] ?? '';

describe('report.md: Backups and recovery', () => {
  const md = renderScenarioMarkdown(withRecovery());
  const section = mdSection(md, 'Backups and recovery');

  it('comes between Metrics and Steps', () => {
    expect(md.indexOf('## Metrics')).toBeLessThan(md.indexOf('## Backups and recovery'));
    expect(md.indexOf('## Backups and recovery')).toBeLessThan(md.indexOf('## Steps'));
  });

  it('lists the backups with method, step, size, verification, WAL range and how long writers were held off', () => {
    expect(section).toContain(
      '| Backup | Method | Step | Node | Duration | Size | Verified | WAL | Writers held off |',
    );
    expect(section).toContain('| nightly | pg_dump | 2 | pg-1 | 1.25 s | 2.3 MB | ✅ pg_restore --list | — | — |');
    expect(section).toContain(
      '| base-1 | pg_basebackup | 3 | pg-2 | 3.5 s | 30 MB | ✅ pg_verifybackup | 0/2000028–0/2000138 on timeline 1 | 0.8 s |',
    );
  });

  it('says which backup an incremental one builds on', () => {
    const metric = makeRecoveryMetric();
    const [, base] = metric.backups;
    const incr = { ...base!, name: 'base-2', stepIndex: 3, type: 'incr', buildsOn: 'base-1' };
    const md = renderScenarioMarkdown(withRecovery({ ...metric, backups: [...metric.backups, incr] }));
    expect(mdSection(md, 'Backups and recovery')).toContain('| base-2 | pg_basebackup incr on base-1 | 4 |');
  });

  it('lists the marks with time, xid, LSN and timeline', () => {
    expect(section).toContain(
      '| before-delete | 5 | pg-1 | 2025-01-02 03:04:20.123456+00 | 1234 | 0/3000060 | 1 | 0.05 s |',
    );
  });

  it('titles each restore with its step, backup, target and verdict', () => {
    expect(section).toContain(
      '### Step 7: pitr from base-1 → mark before-delete by xid 1234 (inclusive, then pause) — ✅ equal\n',
    );
    expect(section).toContain(
      '### Step 9: pitr from base-1 → mark before-delete by time 2025-01-02 03:04:20.123456+00 (exclusive, then promote) — ❌ DIFFERS\n',
    );
    expect(section).toContain('- **Ended as:** promoted');
    expect(section).toContain('overshot: 1 transaction after the target is present (key 1524)');
  });

  it('puts the expected and restored digests side by side, in full, with a ❌ for the table that differs', () => {
    expect(section).toContain('| Table | Expected rows | Expected digest | Restored rows | Restored digest | Match |');
    expect(section).toContain(`| public.orders | 1523 | ${DIGEST.orders} | 1523 | ${DIGEST.orders} | ✅ |`);
    expect(section).toContain(`| public.orders | 1523 | ${DIGEST.orders} | 1524 | ${DIGEST.ordersOvershot} | ❌ |`);
  });

  it('names the extra keys and the missing WAL segment', () => {
    const failed = section.split('### Step 9')[1] ?? '';
    expect(failed).toMatch(/- Extra keys \(.*overshoot.*\): 1524\n/);
    expect(failed).not.toContain('Missing keys');
    expect(failed).toContain(
      'segments 000000010000000000000002…000000010000000000000006: missing: 000000010000000000000005 (1 in all)',
    );
    expect(section.split('### Step 9')[0]).toContain(
      'segments 000000010000000000000002…000000010000000000000004: complete',
    );
  });

  it('renders nothing when no backup, mark or restore happened', () => {
    const plain = renderScenarioMarkdown(makeResult());
    expect(plain).not.toContain('Backups and recovery');
    expect(plain).not.toContain('Expected digest');
    expect(renderScenarioMarkdown(makeResult({ status: 'error', metrics: null }))).not.toContain(
      'Backups and recovery',
    );
  });

  it('says which side lacks a table', () => {
    const recovery = makeRecoveryMetric();
    recovery.recoveries = [
      makeRecoveryCheck({
        passed: false,
        tables: [{ table: 'public.gone', expected: { rows: 3, digest: DIGEST.audit }, actual: null, match: false }],
      }),
    ];
    expect(renderScenarioMarkdown(withRecovery(recovery))).toContain(
      `| public.gone | 3 | ${DIGEST.audit} | — | not restored | ❌ |`,
    );
  });
});

describe('report.html: Backups and recovery', () => {
  const html = renderScenarioHtml(withRecovery());

  it('has the section, the backups and the marks', () => {
    expect(html).toContain('<h2>Backups and recovery</h2>');
    expect(html).toContain('<td>0/2000028–0/2000138 on timeline 1</td>');
    expect(html).toContain('<td>before-delete</td>');
    expect(html).toContain(
      `<h3>${escapeHtml('Step 9: pitr from base-1 → mark before-delete by time 2025-01-02 03:04:20.123456+00 (exclusive, then promote) — ❌ DIFFERS')}</h3>`,
    );
  });

  it('shows both digests side by side, shortened, the full value in the tooltip, and marks the differing row', () => {
    const cell = (d: string) => `<td class="digest" title="${d}">${d.slice(0, 12)}…</td>`;
    expect(html).toContain(
      `<tr class="fail"><td>public.orders</td><td class="num">1523</td>${cell(DIGEST.orders)}<td class="num">1524</td>${cell(DIGEST.ordersOvershot)}<td class="bad">❌</td></tr>`,
    );
    expect(html).toContain(
      `<tr><td>public.orders</td><td class="num">1523</td>${cell(DIGEST.orders)}<td class="num">1523</td>${cell(DIGEST.orders)}<td class="ok">✅</td></tr>`,
    );
  });

  it('names the extra key and the missing WAL segment', () => {
    expect(html).toMatch(/<p class="bad">Extra keys [^<]*: 1524<\/p>/);
    expect(html).toContain('missing: 000000010000000000000005 (1 in all)</p>');
  });

  it('stays self-contained', () => {
    expect(html).not.toMatch(/<script|<link|<img|<iframe|src=|@import|url\(/i);
  });

  it('renders nothing when no backup, mark or restore happened', () => {
    expect(renderScenarioHtml(makeResult())).not.toContain('Backups and recovery');
  });

  it('escapes everything that comes from data', () => {
    const evil = '<script>alert("x")</script>';
    const recovery = makeRecoveryMetric();
    recovery.backups[0] = { ...recovery.backups[0]!, name: evil, verification: { tool: evil, passed: false } };
    recovery.marks[0] = { ...recovery.marks[0]!, name: evil };
    recovery.recoveries = [
      makeRecoveryCheck({
        target: evil,
        reason: evil,
        extraKeys: [1],
        extraKeysTotal: 1,
        tables: [{ table: evil, expected: { rows: 1, digest: evil }, actual: { rows: 1, digest: evil }, match: true }],
        archive: { location: evil, from: evil, to: evil, missing: [evil], missingTotal: 1 },
      }),
    ];
    const html = renderScenarioHtml(withRecovery(recovery));
    expect(html).not.toContain('<script>');
    expect(html).toContain(`<td>${escapeHtml(evil)}</td>`);
    expect(html).toContain(`title="${escapeHtml(evil)}"`);
  });
});

describe('terminal verdict: one line per restore', () => {
  it('says equal with tables, rows and duration, or DIFFERS with the reason', () => {
    const out = renderVerdict(withRecovery(), { color: false });
    expect(out).toContain(
      '\n  pitr step 7 → mark before-delete by xid 1234 (inclusive, then pause): equal (2 tables, 1535 rows) in 4.2 s\n',
    );
    expect(out).toContain(
      '\n  pitr step 9 → mark before-delete by time 2025-01-02 03:04:20.123456+00 (exclusive, then promote): DIFFERS: overshot: 1 transaction after the target is present (key 1524)\n',
    );
    expect(out.indexOf('pitr step 9')).toBeLessThan(out.indexOf('  expectations'));
  });

  it('colours the verdict word', () => {
    const out = renderVerdict(withRecovery(), { color: true });
    expect(out).toContain('\x1b[32mequal\x1b[0m');
    expect(out).toContain('\x1b[1;31mDIFFERS\x1b[0m');
  });

  it('prints no such line without restores', () => {
    expect(renderVerdict(makeResult(), { color: false })).not.toMatch(/pitr|restore step/);
  });
});

describe('recovery metric rows and lists', () => {
  const row = (metrics: ReturnType<typeof makeMetrics>, metric: string) =>
    metricRows(metrics).find((r) => r.area === 'Recovery' && r.metric === metric)?.value;

  it('count the restores equal to their snapshot and the verified backups, n/a when there were none', () => {
    expect(row(makeMetrics({ recovery: makeRecoveryMetric() }), 'restores equal to their snapshot')).toBe('1 of 2');
    expect(row(makeMetrics({ recovery: makeRecoveryMetric() }), 'backups verified by their tool')).toBe('2 of 2');
    expect(row(makeMetrics(), 'restores equal to their snapshot')).toBe('n/a (no restore or PITR)');
    expect(row(makeMetrics(), 'backups verified by their tool')).toBe('n/a (no backup)');
  });

  it('list up to 20 keys, then how many in all', () => {
    const keys = Array.from({ length: 100 }, (_, i) => i + 1);
    expect(listInAll(keys, 357)).toBe(`${keys.slice(0, 20).join(', ')}, … 357 in all`);
    expect(listInAll([1, 2], 2)).toBe('1, 2');
    const lines = keyLines(makeRecoveryCheck({ missingKeys: keys, missingKeysTotal: 357 }));
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^Missing keys \(.*undershoot\): 1, 2, .*, 20, … 357 in all$/);
    const archive = archiveLine(
      makeRecoveryCheck({
        archive: { location: '/wal', from: 'A', to: 'Z', missing: keys.map(String), missingTotal: 150 },
      }),
    );
    expect(archive).toBe(
      `Archive continuity (/wal): segments A…Z: missing: ${keys.slice(0, 20).join(', ')}, … (150 in all)`,
    );
    expect(archiveLine(makeRecoveryCheck({ archive: null }))).toBeNull();
  });
});
