/** Which files a path given on the command line stands for. */
import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { UsageError } from '../errors.ts';

const SCENARIO_EXTENSIONS = ['.yaml', '.yml'];

/**
 * A file stands for itself (whatever its extension); a directory for every *.yaml / *.yml
 * beneath it, recursively, sorted by path. Hidden directories and node_modules are skipped:
 * `pgdrill validate .` must not pick up CI workflows or dependencies' YAML.
 */
export async function scenarioFilesIn(target: string): Promise<string[]> {
  const info = await stat(target).catch((error: unknown) => {
    throw new UsageError(`no such file or directory: ${target}`, { cause: error });
  });
  if (!info.isDirectory()) return [target];
  const files = await filesBeneath(target);
  if (files.length === 0)
    throw new UsageError(`no scenario files (${SCENARIO_EXTENSIONS.map((e) => `*${e}`).join(', ')}) in ${target}`);
  return files.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

async function filesBeneath(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true }).catch((error: unknown) => {
    const code = (error as NodeJS.ErrnoException).code;
    const why = code === 'EACCES' || code === 'EPERM' ? 'permission denied' : (error as Error).message;
    throw new UsageError(`cannot read folder ${dir}: ${why}`, { cause: error });
  });
  const nested = await Promise.all(
    entries.map(async (entry) => {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory())
        return entry.name.startsWith('.') || entry.name === 'node_modules' ? [] : filesBeneath(full);
      return entry.isFile() && SCENARIO_EXTENSIONS.includes(path.extname(entry.name)) ? [full] : [];
    }),
  );
  return nested.flat();
}
