/**
 * `pgdrill verify REPORT-DIR [--public-key FILE]`: is the report directory exactly as the run
 * wrote it? Exit 0 intact, 1 not (naming every changed, missing and added file, or a bad
 * signature), 2 when there is nothing to check (no such directory, no manifest, unusable key).
 */
import { stat } from 'node:fs/promises';
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
  await requireReportDir(reportDir, dir);
  const publicKey = options.publicKey === undefined ? undefined : await loadPublicKey(options.publicKey);

  const lines: string[] = [];
  let intact = true;

  const files = await checked(dir, () => verifyManifest(dir)).catch((error: unknown) => {
    if (error instanceof ManifestFormatError) return error;
    throw error;
  });
  if (files instanceof ManifestFormatError) {
    intact = false;
    lines.push(
      `✘ ${reportDir}: ${MANIFEST_NAME} is damaged (${files.message}): the files cannot be checked against it`,
    );
  } else {
    intact = files.ok;
    lines.push(...describeFiles(reportDir, files));
  }

  if (publicKey) {
    const signature = await checked(dir, () => verifyManifestSignature(dir, publicKey));
    intact &&= signature.ok;
    lines.push(describeSignature(signature));
  } else if (await exists(path.join(dir, SIGNATURE_NAME))) {
    lines.push(`  ${SIGNATURE_NAME} is present but was not checked: pass --public-key FILE`);
  } else {
    lines.push(
      `  no ${SIGNATURE_NAME}: the run was not signed, so this shows the files match their manifest, not who wrote it (pgdrill run --sign-key)`,
    );
  }

  print(lines.join('\n'));
  return intact ? 0 : 1;
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
