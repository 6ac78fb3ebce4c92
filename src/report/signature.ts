/**
 * Optional signing of manifest.sha256 with a key the user supplies: Ed25519 (node:crypto), the
 * signature in base64 next to the manifest as manifest.sha256.sig. Signed: the manifest's exact
 * bytes, so the signature vouches for every file the manifest lists.
 *
 * Making a key pair, and checking a signature without pgdrill:
 *
 *   openssl genpkey -algorithm ed25519 -out key.pem        # private: keep it where runs happen
 *   openssl pkey -in key.pem -pubout -out key.pub          # public: give it to whoever verifies
 *   base64 -d manifest.sha256.sig > sig.bin
 *   openssl pkeyutl -verify -pubin -inkey key.pub -rawin -in manifest.sha256 -sigfile sig.bin
 */
import { createHash, createPrivateKey, createPublicKey, sign, verify, type KeyObject } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { UsageError } from '../errors.ts';
import { MANIFEST_NAME, SIGNATURE_NAME } from './manifest.ts';

export { SIGNATURE_NAME } from './manifest.ts';

export const KEY_HOWTO =
  'make a key pair with `openssl genpkey -algorithm ed25519 -out key.pem` and its public half with `openssl pkey -in key.pem -pubout -out key.pub`';

async function readKeyFile(file: string, what: string): Promise<Buffer> {
  try {
    return await readFile(file);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const why =
      code === 'ENOENT'
        ? 'no such file'
        : code === 'EISDIR'
          ? 'is a directory'
          : code === 'EACCES'
            ? 'permission denied'
            : (error as Error).message;
    throw new UsageError(`cannot read the ${what} ${file}: ${why}`, { cause: error });
  }
}

function requireEd25519(key: KeyObject, file: string): KeyObject {
  if (key.asymmetricKeyType !== 'ed25519') {
    throw new UsageError(
      `${file} holds a key of type ${key.asymmetricKeyType ?? 'unknown'}; pgdrill uses Ed25519 keys only`,
      { hint: KEY_HOWTO },
    );
  }
  return key;
}

/** The Ed25519 private key in `file` (PEM, PKCS#8, unencrypted). Throws UsageError saying what is wrong with it. */
export async function loadPrivateKey(file: string): Promise<KeyObject> {
  const pem = await readKeyFile(file, 'signing key');
  let key: KeyObject;
  try {
    key = createPrivateKey({ key: pem, format: 'pem' });
  } catch (error) {
    const encrypted = /ENCRYPTED/.test(pem.toString('latin1')) || /passphrase/i.test((error as Error).message);
    throw new UsageError(
      encrypted
        ? `${file} is an encrypted private key; pgdrill needs it unencrypted (protect the file instead)`
        : `${file} is not a PEM private key (expected "-----BEGIN PRIVATE KEY-----", PKCS#8)`,
      { cause: error, hint: KEY_HOWTO },
    );
  }
  return requireEd25519(key, file);
}

/** The Ed25519 public key in `file` (PEM, SPKI; a private key file is accepted too). Throws UsageError. */
export async function loadPublicKey(file: string): Promise<KeyObject> {
  const pem = await readKeyFile(file, 'public key');
  let key: KeyObject;
  try {
    key = createPublicKey({ key: pem, format: 'pem' });
  } catch (error) {
    throw new UsageError(`${file} is not a PEM public key (expected "-----BEGIN PUBLIC KEY-----")`, {
      cause: error,
      hint: KEY_HOWTO,
    });
  }
  return requireEd25519(key, file);
}

/**
 * A short, stable name of a key pair: `SHA256:` and the base64 (unpadded) sha256 of the public
 * key's DER encoding. The same for the private key and its public half.
 */
export function keyFingerprint(key: KeyObject): string {
  const publicKey = key.type === 'private' ? createPublicKey(key) : key;
  const der = publicKey.export({ type: 'spki', format: 'der' });
  return `SHA256:${createHash('sha256').update(der).digest('base64').replace(/=+$/, '')}`;
}

/** Signs `dir/manifest.sha256` and writes `dir/manifest.sha256.sig`. Returns the signature file and the key's fingerprint. */
export async function signManifest(dir: string, privateKey: KeyObject): Promise<{ file: string; fingerprint: string }> {
  const manifest = await readFile(path.join(dir, MANIFEST_NAME));
  const signature = sign(null, manifest, privateKey).toString('base64');
  const file = path.join(dir, SIGNATURE_NAME);
  await writeFile(file, `${signature}\n`);
  return { file, fingerprint: keyFingerprint(privateKey) };
}

export type SignatureVerification =
  | { ok: true; fingerprint: string }
  | { ok: false; fingerprint: string; problem: 'missing' | 'malformed' | 'invalid'; message: string };

/**
 * Checks `dir/manifest.sha256.sig` against the manifest's bytes with `publicKey`. A missing,
 * unreadable-as-base64 or wrong signature is a verdict (ok: false), not an exception; an absent
 * manifest throws (ENOENT), as verifyManifest does.
 */
export async function verifyManifestSignature(dir: string, publicKey: KeyObject): Promise<SignatureVerification> {
  const fingerprint = keyFingerprint(publicKey);
  const manifest = await readFile(path.join(dir, MANIFEST_NAME));
  let text: string;
  try {
    text = await readFile(path.join(dir, SIGNATURE_NAME), 'latin1');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    return {
      ok: false,
      fingerprint,
      problem: 'missing',
      message: `${SIGNATURE_NAME} is missing: the manifest is not signed`,
    };
  }
  const base64 = text.trim();
  const signature = Buffer.from(base64, 'base64');
  // Buffer.from skips what is not base64; a strict round trip catches a damaged file.
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(base64) || signature.length !== 64 || signature.toString('base64') !== base64) {
    return {
      ok: false,
      fingerprint,
      problem: 'malformed',
      message: `${SIGNATURE_NAME} is not a base64 Ed25519 signature`,
    };
  }
  if (!verify(null, manifest, publicKey, signature)) {
    return {
      ok: false,
      fingerprint,
      problem: 'invalid',
      message: `${SIGNATURE_NAME} does not verify with key ${fingerprint}: ${MANIFEST_NAME} was changed after it was signed, or another key signed it`,
    };
  }
  return { ok: true, fingerprint };
}
