/**
 * `pgdrill verify REPORT-DIR [--public-key FILE] [--json]`: is the report directory exactly as the
 * run wrote it (a folder of run folders: each of them)? Exit 0 intact, 1 not (naming every changed, missing and added file, or a bad
 * signature), 2 when there is nothing to check (no such directory, no manifest, unusable key).
 */
import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { UsageError, type ExitCode } from '../errors.ts';
import {
  MANIFEST_NAME,
  ManifestFormatError,
  SIGNATURE_NAME,
  verifyManifest,
  type ManifestVerification,
} from '../report/manifest.ts';
import { loadPublicKey, verifyManifestSignature, type SignatureVerification } from '../report/signature.ts';
import { print } from './output.ts';

export interface VerifyCommandOptions {
  /** PEM Ed25519 public key: the signature manifest.sha256.sig is checked too */
  publicKey?: string;
  /** the verdict as JSON on stdout */
  json?: boolean;
}

/** Shown after `pgdrill verify --help`. */
export const VERIFY_HELP = `
Exit status: 0 intact, 1 not intact (every changed, missing or added file is named; a missing or
wrong signature when --public-key is given), 2 nothing to check (no such directory, no manifest).

Without pgdrill:  cd REPORT-DIR && sha256sum -c manifest.sha256   (does not see added files)

Signing: pgdrill run … --sign-key key.pem writes manifest.sha256.sig; to make the key pair:
  openssl genpkey -algorithm ed25519 -out key.pem     # private: stays where runs happen
  openssl pkey -in key.pem -pubout -out key.pub       # public: for pgdrill verify --public-key key.pub
Checking the signature with openssl alone:
  base64 -d manifest.sha256.sig > sig.bin
  openssl pkeyutl -verify -pubin -inkey key.pub -rawin -in manifest.sha256 -sigfile sig.bin
`;

export async function verifyCommand(reportDir: string, options: VerifyCommandOptions = {}): Promise<ExitCode> {
  const dir = path.resolve(reportDir);
  const runs = await runDirsIn(reportDir, dir);
  const publicKey = options.publicKey === undefined ? undefined : await loadPublicKey(options.publicKey);
  const checkedRuns = [];
  for (const run of runs) checkedRuns.push(await verifyRun(run.shown, run.dir, publicKey));
  const intact = checkedRuns.every((r) => r.intact);
  if (options.json) print(JSON.stringify({ schemaVersion: 1, intact, runs: checkedRuns.map((r) => r.json) }, null, 2));
  else {
    print(checkedRuns.flatMap((r) => r.lines).join('\n'));
    if (runs.length > 1)
      print(`${intact ? '✔' : '✘'} ${checkedRuns.filter((r) => r.intact).length} of ${runs.length} run(s) intact`);
  }
  return intact ? 0 : 1;
}

/** A run folder (it holds the manifest), or a folder of run folders: each checked on its own. */
async function runDirsIn(shown: string, dir: string): Promise<{ shown: string; dir: string }[]> {
  const info = await stat(dir).catch(() => null);
  if (info?.isDirectory() && !(await exists(path.join(dir, MANIFEST_NAME)))) {
    const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
    const runs = [];
    // real folders only: reports/latest is a link to one of them
    for (const e of entries.filter((x) => x.isDirectory()).sort((a, b) => a.name.localeCompare(b.name)))
      if (await exists(path.join(dir, e.name, MANIFEST_NAME)))
        runs.push({ shown: path.join(shown, e.name), dir: path.join(dir, e.name) });
    if (runs.length > 0) return runs;
  }
  await requireReportDir(shown, dir);
  return [{ shown, dir }];
}

async function verifyRun(
  reportDir: string,
  dir: string,
  publicKey: Awaited<ReturnType<typeof loadPublicKey>> | undefined,
): Promise<{ intact: boolean; lines: string[]; json: Record<string, unknown> }> {
  const lines: string[] = [];
  const json: Record<string, unknown> = { dir: reportDir };
  let intact = true;

  const files = await checked(dir, () => verifyManifest(dir)).catch((error: unknown) => {
    if (error instanceof ManifestFormatError) return error;
    throw error;
  });
  if (files instanceof ManifestFormatError) {
    intact = false;
    json.damaged = files.message;
    lines.push(
      `✘ ${reportDir}: ${MANIFEST_NAME} is damaged (${files.message}): the files cannot be checked against it`,
    );
  } else {
    intact = files.ok;
    Object.assign(json, {
      listed: files.listed,
      changed: files.mismatched,
      missing: files.missing,
      added: files.unlisted,
      special: files.notRegular,
    });
    lines.push(...describeFiles(reportDir, files));
  }

  if (publicKey) {
    const signature = await checked(dir, () => verifyManifestSignature(dir, publicKey));
    intact &&= signature.ok;
    json.signature = signature.ok
      ? { valid: true, key: signature.fingerprint }
      : { valid: false, why: signature.message };
    lines.push(describeSignature(signature));
  } else if (await exists(path.join(dir, SIGNATURE_NAME))) {
    json.signature = { checked: false, why: 'no --public-key' };
    lines.push(`  ${SIGNATURE_NAME} is present but was not checked: pass --public-key FILE`);
  } else {
    json.signature = null;
    lines.push(
      `  no ${SIGNATURE_NAME}: the run was not signed, so this shows the files match their manifest, not who wrote it (pgdrill run --sign-key)`,
    );
  }
  json.intact = intact;
  return { intact, lines, json };
}

function describeFiles(shown: string, v: ManifestVerification): string[] {
  const count = `${v.listed} file${v.listed === 1 ? '' : 's'}`;
  if (v.ok) return [`✔ ${shown}: OK, all ${count} match ${MANIFEST_NAME}`];
  const problems = v.mismatched.length + v.missing.length + v.unlisted.length + v.notRegular.length;
  return [
    `✘ ${shown}: NOT intact, ${problems} problem${problems === 1 ? '' : 's'} against ${MANIFEST_NAME} (${count} listed)`,
    ...v.mismatched.map((f) => `  changed: ${quoted(f)}`),
    ...v.missing.map((f) => `  missing: ${quoted(f)}`),
    ...v.unlisted.map((f) => `  added:   ${quoted(f)} (not in the manifest)`),
    ...v.notRegular.map((s) => `  special: ${quoted(s.file)} is ${s.kind}, not a regular file: not read`),
  ];
}

function describeSignature(s: SignatureVerification): string {
  return s.ok ? `✔ ${SIGNATURE_NAME}: valid signature by key ${s.fingerprint}` : `✘ ${s.message}`;
}

/** A file name as one line of output: odd names (newlines, control characters) in JSON quotes. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what it looks for
const quoted = (file: string) => (/[\x00-\x1f\x7f]/.test(file) ? JSON.stringify(file) : file);

async function requireReportDir(shown: string, dir: string): Promise<void> {
  const info = await stat(dir).catch(() => null);
  if (info === null)
    throw new UsageError(`no such directory: ${shown}`, {
      hint: 'pass the report directory of a run (the one holding manifest.sha256)',
    });
  if (!info.isDirectory()) {
    const hint =
      path.basename(dir) === MANIFEST_NAME
        ? `pass the directory, not the manifest: pgdrill verify ${path.dirname(shown)}`
        : undefined;
    throw new UsageError(`${shown} is not a directory`, hint === undefined ? {} : { hint });
  }
  if (!(await exists(path.join(dir, MANIFEST_NAME)))) {
    throw new UsageError(
      `${shown} has no ${MANIFEST_NAME}: it is not a pgdrill report directory, or its run never finished`,
      {
        hint: 'pgdrill writes manifest.sha256 when a run ends; pass the run directory itself, not a scenario folder inside it',
      },
    );
  }
}

async function exists(file: string): Promise<boolean> {
  return (await stat(file).catch(() => null)) !== null;
}

/** Runs a check; a file that cannot be read (permissions, I/O) means nothing can be concluded: exit 2, named. */
async function checked<T>(dir: string, check: () => Promise<T>): Promise<T> {
  try {
    return await check();
  } catch (error) {
    const e = error as NodeJS.ErrnoException;
    if (typeof e.code === 'string' && typeof e.path === 'string') {
      throw new UsageError(
        `cannot read ${path.relative(dir, e.path) || e.path}: ${e.code === 'EACCES' ? 'permission denied' : e.message}`,
        { cause: error },
      );
    }
    throw error;
  }
}
