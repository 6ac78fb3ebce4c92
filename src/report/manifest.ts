/**
 * manifest.sha256: the run directory's integrity record, in the format of GNU `sha256sum`, so an
 * auditor needs nothing but coreutils: `cd DIR && sha256sum -c manifest.sha256`. An optional
 * signature of the manifest sits next to it (see ./signature.ts) and is not listed in it.
 */
import { createHash } from 'node:crypto';
import { readdir, rename, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { NotRegularFileError, openRegularFile, specialFileKind } from '../regular-file.ts';

export const MANIFEST_NAME = 'manifest.sha256';

/** The manifest's detached signature (base64 Ed25519), written after it and so never listed in it. */
export const SIGNATURE_NAME = `${MANIFEST_NAME}.sig`;

/** The top-level files that describe the directory rather than belong to it. */
const NOT_LISTED = new Set([MANIFEST_NAME, SIGNATURE_NAME]);

/** The manifest cannot be read as sha256sum lines, or names a file outside the directory. */
export class ManifestFormatError extends Error {
  override readonly name = 'ManifestFormatError';
}

/**
 * Every file under `dir`, as sorted `/`-separated relative paths, except the top-level manifest
 * and its signature.
 * Symlinks to files are included (sha256sum follows them too); symlinked directories are not
 * entered, so a link loop cannot hang the writer.
 */
export async function listFiles(dir: string): Promise<string[]> {
  const files: string[] = [];
  const walk = async (rel: string): Promise<void> => {
    for (const entry of await readdir(path.join(dir, rel), { withFileTypes: true })) {
      const child = rel ? `${rel}/${entry.name}` : entry.name;
      if (entry.isDirectory()) await walk(child);
      else if (
        entry.isFile() ||
        (entry.isSymbolicLink() && (await stat(path.join(dir, child)).catch(() => null))?.isFile())
      ) {
        if (!NOT_LISTED.has(child)) files.push(child);
      }
    }
  };
  await walk('');
  // Code-unit order, not locale order: the manifest must be identical on every machine.
  return files.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

/** sha256 of a regular file's bytes, streamed (node logs can be large). Throws NotRegularFileError for specials. */
export async function sha256File(file: string): Promise<string> {
  const { handle } = await openRegularFile(file);
  const hash = createHash('sha256');
  for await (const chunk of handle.createReadStream()) hash.update(chunk as Buffer); // closes the handle at its end
  return hash.digest('hex');
}

/** Named pipes, devices and sockets under `dir` (symlinked directories not entered): a report holds none. */
export async function listSpecialFiles(dir: string): Promise<{ file: string; kind: string }[]> {
  const found: { file: string; kind: string }[] = [];
  const walk = async (rel: string): Promise<void> => {
    for (const entry of await readdir(path.join(dir, rel), { withFileTypes: true })) {
      const child = rel ? `${rel}/${entry.name}` : entry.name;
      if (entry.isDirectory()) await walk(child);
      else if (entry.isFIFO() || entry.isCharacterDevice() || entry.isBlockDevice() || entry.isSocket())
        found.push({ file: child, kind: specialFileKind(await stat(path.join(dir, child))) });
    }
  };
  await walk('');
  return found.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));
}

// GNU sha256sum escapes `\`, LF and CR in names and marks such lines with a leading `\`.
function manifestLine(hex: string, file: string): string {
  if (!/[\\\n\r]/.test(file)) return `${hex}  ${file}`;
  const escaped = file.replace(/\\/g, '\\\\').replace(/\n/g, '\\n').replace(/\r/g, '\\r');
  return `\\${hex}  ${escaped}`;
}

function parseLine(line: string, lineNo: number): { hex: string; file: string } {
  const escaped = line.startsWith('\\');
  const m = /^([0-9a-fA-F]{64}) [ *](.+)$/.exec(escaped ? line.slice(1) : line);
  if (!m) throw new ManifestFormatError(`${MANIFEST_NAME}:${lineNo}: not a sha256sum line`);
  const file = escaped ? m[2]!.replace(/\\(.)/g, (_s, c: string) => (c === 'n' ? '\n' : c === 'r' ? '\r' : c)) : m[2]!;
  const normal = path.posix.normalize(file);
  if (path.posix.isAbsolute(file) || normal === '..' || normal.startsWith('../')) {
    throw new ManifestFormatError(`${MANIFEST_NAME}:${lineNo}: ${JSON.stringify(file)} is outside the directory`);
  }
  return { hex: m[1]!.toLowerCase(), file };
}

/**
 * Hashes every file under `dir` (recursive, sorted, excluding the manifest itself) and writes
 * `dir/manifest.sha256` in `sha256sum` format. Returns the manifest's path. A manifest and
 * signature left by an earlier run in a reused directory are removed first: they describe files
 * that no longer exist. The manifest appears whole or not at all (written aside, then renamed),
 * so a full disk never leaves a truncated one that lists part of the run as if it were all.
 */
export async function writeManifest(dir: string): Promise<string> {
  const target = path.join(dir, MANIFEST_NAME);
  await rm(path.join(dir, SIGNATURE_NAME), { force: true });
  await rm(target, { force: true });
  const lines: string[] = [];
  for (const file of await listFiles(dir)) lines.push(manifestLine(await sha256File(path.join(dir, file)), file));
  const partial = `${target}.partial`;
  try {
    await writeFile(partial, lines.map((l) => `${l}\n`).join(''));
    await rename(partial, target);
  } catch (error) {
    await rm(partial, { force: true });
    throw error;
  }
  return target;
}

export interface ManifestVerification {
  ok: boolean;
  /** how many files the manifest lists */
  listed: number;
  /** listed, present, but their content changed */
  mismatched: string[];
  /** listed but gone */
  missing: string[];
  /** present but not listed (added after the manifest was written) */
  unlisted: string[];
  /** named pipes, devices or sockets in the directory, listed or not: never read, named with their type */
  notRegular: { file: string; kind: string }[];
}

/**
 * Checks `dir` against its manifest.sha256. Unlike `sha256sum -c`, also reports files that are
 * not listed. Throws if the manifest is absent (ENOENT) or malformed (ManifestFormatError):
 * neither is a verdict on the files.
 */
export async function verifyManifest(dir: string): Promise<ManifestVerification> {
  const { handle: manifest } = await openRegularFile(path.join(dir, MANIFEST_NAME));
  const text = await manifest.readFile('utf8').finally(() => manifest.close());
  // A CRLF manifest (edited on Windows) still verifies; real CRs in names are always escaped.
  const lines = text.split('\n').map((l) => l.replace(/\r$/, ''));
  const entries = lines.flatMap((l, i) => (l === '' ? [] : [parseLine(l, i + 1)]));
  const mismatched: string[] = [];
  const missing: string[] = [];
  for (const { hex, file } of entries) {
    const actual = await sha256File(path.join(dir, file)).catch((error: NodeJS.ErrnoException) => {
      if (error instanceof NotRegularFileError) return 'not-regular';
      if (error.code === 'ENOENT' || error.code === 'EISDIR') return null;
      throw error;
    });
    if (actual === null) missing.push(file);
    else if (actual !== hex && actual !== 'not-regular') mismatched.push(file);
  }
  const listed = new Set(entries.map((e) => e.file));
  const unlisted = (await listFiles(dir)).filter((f) => !listed.has(f));
  const notRegular = await listSpecialFiles(dir);
  return {
    ok: mismatched.length + missing.length + unlisted.length + notRegular.length === 0,
    listed: entries.length,
    mismatched,
    missing,
    unlisted,
    notRegular,
  };
}
