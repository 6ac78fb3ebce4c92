/**
 * `pgdrill merge DIR... --out DIR [--sign-key KEY.pem]`: the report folders of several runs
 * (the shards of one library, run on several CI machines) as one run folder — every scenario's
 * folder, one index, one manifest — that `pgdrill verify` and `pgdrill history` read like any
 * run's. Each input must verify against its own manifest first: a folder changed since its run
 * wrote it is not merged into a folder that certifies it. Exit: the merged run's (0 every drill
 * passed, 1 one failed, 3 one could not run); 2 when the folders cannot be merged.
 */
import { cp, mkdir, readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { UsageError, errorMessage, type ExitCode } from '../errors.ts';
import { loadRun } from '../report/history.ts';
import { MANIFEST_NAME, verifyManifest } from '../report/manifest.ts';
import { planMerge, type MergeInput } from '../report/merge.ts';
import type { RunIndex } from '../report/run-index.ts';
import { loadPrivateKey } from '../report/signature.ts';
import { ReportWriter } from '../report/writer.ts';
import { print, progress } from './output.ts';
import { newRunId } from './run-id.ts';

export interface MergeCommandOptions {
  out: string;
  signKey?: string;
}

export async function mergeCommand(dirs: string[], options: MergeCommandOptions): Promise<ExitCode> {
  const out = path.resolve(options.out);
  const signKey = options.signKey === undefined ? undefined : await loadPrivateKey(options.signKey);
  if ((await readdir(out).catch(() => [])).length > 0)
    throw new UsageError(`--out ${options.out} is not empty: merge into a new folder`);
  const inputs: MergeInput[] = [];
  for (const dir of dirs) inputs.push({ dir, index: await readVerifiedIndex(dir) });
  const plan = planMerge(inputs);
  if (!plan.ok) throw new UsageError(`these folders cannot be merged:\n  ${plan.problems.join('\n  ')}`);

  await mkdir(out, { recursive: true });
  for (const { from, dir } of plan.folders)
    await cp(path.resolve(from, dir), path.join(out, dir), { recursive: true, errorOnExist: true, force: false });
  const summary = { ...plan.summary, runId: newRunId(), reportDir: out };
  const writer = new ReportWriter({ reportDir: out, secrets: [] });
  const { signature } = await writer.finish(summary, signKey ? { signKey } : {});
  if (signature) progress(`signed ${signature.file} with key ${signature.fingerprint}`);
  print(
    `merged ${inputs.length} run folder(s), ${summary.scenarios.length} drill(s), into ${options.out} (exit ${summary.exitCode}); check it with: pgdrill verify ${options.out}`,
  );
  return summary.exitCode;
}

/** The folder's index.json, once every file in the folder matches its manifest. */
async function readVerifiedIndex(dir: string): Promise<RunIndex> {
  const full = path.resolve(dir);
  if (!(await stat(full).catch(() => null))?.isDirectory()) throw new UsageError(`no such directory: ${dir}`);
  const verified = await verifyManifest(full).catch((error: unknown) => {
    throw new UsageError(`${dir} has no readable ${MANIFEST_NAME} (${errorMessage(error)}): its run never finished`);
  });
  if (!verified.ok) {
    const changed = [...verified.mismatched, ...verified.missing, ...verified.unlisted].slice(0, 5);
    throw new UsageError(
      `${dir} does not match its ${MANIFEST_NAME} (${changed.join(', ')}${changed.length === 5 ? ', …' : ''}): run \`pgdrill verify ${dir}\`; only folders as their runs wrote them are merged`,
    );
  }
  try {
    return (await loadRun(full)).index;
  } catch (error) {
    throw new UsageError(`${dir}/index.json cannot be read: ${errorMessage(error)}`);
  }
}
