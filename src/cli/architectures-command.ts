/** `pgdrill architectures RUN-DIR|DIR... [--out FILE]`: the verdict table of the seed architectures' claims. */
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { ExitCode } from '../errors.ts';
import type { ScenarioResult } from '../result/result.ts';
import { loadRuns } from '../report/history.ts';
import { readScenarioResult } from '../report/run-index.ts';
import { renderArchitecturesMarkdown } from '../report/architectures.ts';
import { print, progress } from './output.ts';

export async function architecturesCommand(dirs: string[], options: { out?: string }): Promise<ExitCode> {
  const runs = await loadRuns(dirs, progress);
  const results: ScenarioResult[] = runs.flatMap((run) =>
    run.index.scenarios.flatMap((s) => readScenarioResult(run.dir, s) ?? []),
  );
  const markdown = renderArchitecturesMarkdown(results, {
    runs: runs.map((r) => path.relative(process.cwd(), r.dir) || '.'),
    generatedAt: new Date().toISOString(),
  });
  if (options.out === undefined) {
    print(markdown);
  } else {
    await writeFile(options.out, markdown);
    progress(`wrote ${options.out}`);
  }
  return 0;
}
