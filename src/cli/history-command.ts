/** `pgdrill history DIR... [--out FILE]`: one page comparing runs (RTO trend per scenario, verdicts). */
import { mkdir, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { UsageError, type ExitCode } from '../errors.ts';
import { buildHistory, loadRuns, renderHistoryHtml } from '../report/history.ts';
import { print, progress } from './output.ts';

export interface HistoryCommandOptions {
  /** where to write the page (default: ./history.html) */
  out?: string;
}

export async function historyCommand(dirs: string[], options: HistoryCommandOptions): Promise<ExitCode> {
  const runs = await loadRuns(dirs, progress);
  if (runs.length === 0)
    throw new UsageError(`no readable run in ${dirs.join(', ')}`, {
      hint: 'each run directory needs its index.json (written when a run finishes)',
    });
  let out = path.resolve(options.out ?? 'history.html');
  if ((await stat(out).catch(() => null))?.isDirectory()) out = path.join(out, 'history.html');
  await mkdir(path.dirname(out), { recursive: true });
  await writeFile(
    out,
    renderHistoryHtml(buildHistory(runs, path.dirname(out)), { generatedAt: new Date().toISOString() }),
  );
  print(displayPath(out));
  return 0;
}

/** Relative to where the user is when that is shorter, absolute otherwise. */
function displayPath(file: string): string {
  const relative = path.relative(process.cwd(), file);
  return relative === '' || relative.startsWith('..') || path.isAbsolute(relative) ? file : relative;
}
