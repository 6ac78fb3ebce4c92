import { execFileSync } from 'node:child_process';
import { generateKeyPairSync, type KeyObject } from 'node:crypto';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { UsageError } from '../errors.ts';
import { writeManifest } from './manifest.ts';
import { keyFingerprint, loadPrivateKey, loadPublicKey, signManifest, verifyManifestSignature } from './signature.ts';

let dir: string;
let keys: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'pgdrill-signature-'));
  keys = await mkdtemp(path.join(tmpdir(), 'pgdrill-keys-'));
  await mkdir(path.join(dir, 'kill-primary'));
  await writeFile(path.join(dir, 'index.md'), '# run\n');
  await writeFile(path.join(dir, 'kill-primary', 'result.json'), '{}\n');
  await writeManifest(dir);
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
  await rm(keys, { recursive: true, force: true });
});

/** An Ed25519 pair written as openssl writes it: PKCS#8 and SPKI PEM. */
async function keyPair(
  name = 'key',
): Promise<{ privateFile: string; publicFile: string; privateKey: KeyObject; publicKey: KeyObject }> {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  const privateFile = path.join(keys, `${name}.pem`);
  const publicFile = path.join(keys, `${name}.pub`);
  await writeFile(privateFile, privateKey.export({ type: 'pkcs8', format: 'pem' }));
  await writeFile(publicFile, publicKey.export({ type: 'spki', format: 'pem' }));
  return { privateFile, publicFile, privateKey, publicKey };
}

describe('signManifest / verifyManifestSignature', () => {
  it('signs the manifest into manifest.sha256.sig (one base64 line), which the public key verifies', async () => {
    const pair = await keyPair();
    const { file, fingerprint } = await signManifest(dir, await loadPrivateKey(pair.privateFile));
    expect(file).toBe(path.join(dir, 'manifest.sha256.sig'));
    expect(await readFile(file, 'utf8')).toMatch(/^[A-Za-z0-9+/]{86}==\n$/);
    expect(fingerprint).toBe(keyFingerprint(pair.publicKey));
    expect(await verifyManifestSignature(dir, await loadPublicKey(pair.publicFile))).toEqual({ ok: true, fingerprint });
  });

  it('fails a signature made by another key, naming the key it tried', async () => {
    const signer = await keyPair('signer');
    const other = await keyPair('other');
    await signManifest(dir, signer.privateKey);
    const result = await verifyManifestSignature(dir, other.publicKey);
    expect(result).toMatchObject({ ok: false, problem: 'invalid', fingerprint: keyFingerprint(other.publicKey) });
    expect(result.ok || result.message).toMatch(/does not verify with key SHA256:/);
  });

  it('fails once one byte of the manifest changed', async () => {
    const pair = await keyPair();
    await signManifest(dir, pair.privateKey);
    const manifest = path.join(dir, 'manifest.sha256');
    const bytes = await readFile(manifest);
    bytes[3] = bytes[3]! ^ 0x01;
    await writeFile(manifest, bytes);
    expect(await verifyManifestSignature(dir, pair.publicKey)).toMatchObject({ ok: false, problem: 'invalid' });
  });

  it('says when the signature is missing or is not a signature at all', async () => {
    const pair = await keyPair();
    expect(await verifyManifestSignature(dir, pair.publicKey)).toMatchObject({
      ok: false,
      problem: 'missing',
      message: 'manifest.sha256.sig is missing: the manifest is not signed',
    });
    for (const junk of ['not base64 at all!', 'c2ln', `${'A'.repeat(86)}==extra`]) {
      await writeFile(path.join(dir, 'manifest.sha256.sig'), junk);
      expect(await verifyManifestSignature(dir, pair.publicKey), junk).toMatchObject({
        ok: false,
        problem: 'malformed',
      });
    }
  });

  // openssl is part of the test set-up (Debian's base image has it); without it this fails, never skips
  it('is checked by openssl as the help says (base64 -d, then pkeyutl -verify -rawin)', async () => {
    const pair = await keyPair();
    await signManifest(dir, pair.privateKey);
    const sig = path.join(keys, 'sig.bin');
    await writeFile(sig, Buffer.from(await readFile(path.join(dir, 'manifest.sha256.sig'), 'utf8'), 'base64'));
    const out = execFileSync(
      'openssl',
      [
        'pkeyutl',
        '-verify',
        '-pubin',
        '-inkey',
        pair.publicFile,
        '-rawin',
        '-in',
        path.join(dir, 'manifest.sha256'),
        '-sigfile',
        sig,
      ],
      { encoding: 'utf8' },
    );
    expect(out).toMatch(/Signature Verified Successfully/);
  });
});

describe('keyFingerprint', () => {
  it('is the same for a private key and its public half, and differs between pairs', async () => {
    const a = await keyPair('a');
    const b = await keyPair('b');
    expect(keyFingerprint(a.privateKey)).toBe(keyFingerprint(a.publicKey));
    expect(keyFingerprint(a.publicKey)).toMatch(/^SHA256:[A-Za-z0-9+/]{43}$/);
    expect(keyFingerprint(a.publicKey)).not.toBe(keyFingerprint(b.publicKey));
  });
});

describe('loading keys: every problem is a usage error that says how to make a key', () => {
  const rejection = (promise: Promise<unknown>) =>
    promise.then(
      () => expect.fail('the key loaded'),
      (error: unknown) => error as UsageError,
    );

  it('a missing file', async () => {
    const error = await rejection(loadPrivateKey(path.join(keys, 'nope.pem')));
    expect(error).toBeInstanceOf(UsageError);
    expect(error.message).toBe(`cannot read the signing key ${path.join(keys, 'nope.pem')}: no such file`);
  });

  it('a public key given as the signing key, and a file that holds no key', async () => {
    const pair = await keyPair();
    expect((await rejection(loadPrivateKey(pair.publicFile))).message).toMatch(/is not a PEM private key/);
    await writeFile(path.join(keys, 'junk.pem'), 'hello');
    const error = await rejection(loadPublicKey(path.join(keys, 'junk.pem')));
    expect(error.message).toMatch(/is not a PEM public key/);
    expect(error.hint).toMatch(/openssl genpkey -algorithm ed25519 -out key.pem/);
  });

  it('a key of another type', async () => {
    const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    await writeFile(path.join(keys, 'ec.pem'), privateKey.export({ type: 'pkcs8', format: 'pem' }));
    await writeFile(path.join(keys, 'ec.pub'), publicKey.export({ type: 'spki', format: 'pem' }));
    expect((await rejection(loadPrivateKey(path.join(keys, 'ec.pem')))).message).toMatch(
      /holds a key of type ec; pgdrill uses Ed25519 keys only/,
    );
    expect((await rejection(loadPublicKey(path.join(keys, 'ec.pub')))).message).toMatch(/type ec/);
  });

  it('an encrypted private key', async () => {
    const { privateKey } = generateKeyPairSync('ed25519');
    await writeFile(
      path.join(keys, 'enc.pem'),
      privateKey.export({ type: 'pkcs8', format: 'pem', cipher: 'aes-256-cbc', passphrase: 'pw' }),
    );
    expect((await rejection(loadPrivateKey(path.join(keys, 'enc.pem')))).message).toMatch(
      /is an encrypted private key/,
    );
  });

  it('accepts the private key where the public one is asked for (its public half is derived)', async () => {
    const pair = await keyPair();
    expect(keyFingerprint(await loadPublicKey(pair.privateFile))).toBe(keyFingerprint(pair.publicKey));
  });
});
