/** report.html's Backups and recovery section: backups, marks, then each restore with the expected and restored digests side by side. */
import type { RecoveredTable, RecoveryMetric } from '../checks/types.ts';
import * as rec from './format-recovery.ts';
import { type Cell, digestCell, dl, escapeHtml, num, numeric, p, table } from './html-kit.ts';

/** A digest cell, or the other side's absence in words. */
function sideDigest(side: RecoveredTable['expected'], absent: string): Cell {
  return side === null ? { text: absent, cls: 'muted' } : digestCell(side.digest);
}

export function recoverySection(r: RecoveryMetric): string[] {
  const out = ['<h2>Backups and recovery</h2>'];
  if (r.backups.length) {
    const unverified = (i: number) => (r.backups[i]?.verification.passed ? undefined : 'fail');
    out.push(
      '<h3>Backups</h3>',
      table(rec.BACKUP_HEADER, r.backups.map(rec.backupRow).map(numeric(rec.BACKUP_NUMERIC)), unverified),
    );
  }
  if (r.marks.length)
    out.push('<h3>Marks</h3>', table(rec.MARK_HEADER, r.marks.map(rec.markRow).map(numeric(rec.MARK_NUMERIC))));
  for (const x of r.recoveries) {
    out.push(`<h3>${escapeHtml(rec.recoveryTitle(x))}</h3>`);
    out.push(dl(rec.recoveryFacts(x)));
    if (x.reason) out.push(p(x.reason.trim(), x.passed === true ? 'ok' : 'bad'));
    if (x.tables.length === 0) out.push(p('No table was compared.'));
    else {
      const rows = x.tables.map((t): Cell[] => [
        t.table,
        num(rec.rowsText(t.expected)),
        sideDigest(t.expected, rec.ABSENT.expected),
        num(rec.rowsText(t.actual)),
        sideDigest(t.actual, rec.ABSENT.actual),
        { text: rec.matchText(t), cls: t.match ? 'ok' : 'bad' },
      ]);
      out.push(table(rec.DIGEST_HEADER, rows, (i) => (x.tables[i]?.match ? undefined : 'fail')));
    }
    for (const line of rec.keyLines(x)) out.push(p(line, 'bad'));
    const archive = rec.archiveLine(x);
    if (archive) out.push(p(archive, x.archive?.missingTotal ? 'bad' : ''));
  }
  return out;
}
