import { execFileSync } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { UsageError } from '../errors.ts';
import { writeManifest } from '../report/manifest.ts';
import { signManifest } from '../report/signature.ts';
import { verifyCommand } from './verify-command.ts';

let dir: string;
let stdout: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'pgdrill-verify-'));
  await mkdir(path.join(dir, 'kill-primary', 'logs'), { recursive: true });
  await writeFile(path.join(dir, 'index.md'), '# run\n');
  await writeFile(path.join(dir, 'index.json'), '{}\n');
  await writeFile(path.join(dir, 'kill-primary', 'result.json'), '{"status":"passed"}\n');
  await writeFile(path.join(dir, 'kill-primary', 'logs', 'pg-1.log'), 'LOG: ready\n');
  await writeManifest(dir);
  stdout = '';
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    stdout += String(chunk);
    return true;
  });
});
afterEach(async () => {
  vi.restoreAllMocks();
  await rm(dir, { recursive: true, force: true });
});

async function flipByte(rel: string, at = 0): Promise<void> {
  const file = path.join(dir, rel);
  const bytes = await readFile(file);
  bytes[at] = bytes[at]! ^ 0x20;
  await writeFile(file, bytes);
}

async function keyFiles(): Promise<{
  privateKey: ReturnType<typeof generateKeyPairSync>['privateKey'];
  publicFile: string;
}> {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  const publicFile = path.join(dir, '..', `${path.basename(dir)}.pub`);
  await writeFile(publicFile, publicKey.export({ type: 'spki', format: 'pem' }));
  return { privateKey, publicFile };
}

describe('pgdrill verify', () => {
  it('exit 0 and OK with the count on an untouched directory', async () => {
    expect(await verifyCommand(dir)).toBe(0);
    expect(stdout).toBe(
      `✔ ${dir}: OK, all 4 files match manifest.sha256\n  no manifest.sha256.sig: the run was not signed, so this shows the files match their manifest, not who wrote it (pgdrill run --sign-key)\n`,
    );
  });

  it('exit 1, at once, naming a listed file swapped for a named pipe and an added one, never reading them', async () => {
    await rm(path.join(dir, 'kill-primary/result.json'));
    execFileSync('mkfifo', [path.join(dir, 'kill-primary/result.json'), path.join(dir, 'extra.fifo')]);
    expect(await verifyCommand(dir)).toBe(1);
    expect(stdout).toContain('NOT intact, 2 problems');
    expect(stdout).toContain('special: extra.fifo is a named pipe (FIFO), not a regular file: not read');
    expect(stdout).toContain('special: kill-primary/result.json is a named pipe (FIFO), not a regular file: not read');
  });

  it('checks every run of a folder of runs, exit 1 when one is not intact, and says it as JSON', async () => {
    const parent = await mkdtemp(path.join(tmpdir(), 'pgdrill-verify-runs-'));
    for (const run of ['r1', 'r2']) {
      await mkdir(path.join(parent, run), { recursive: true });
      await writeFile(path.join(parent, run, 'index.json'), `{"run":"${run}"}\n`);
      await writeManifest(path.join(parent, run));
    }
    expect(await verifyCommand(parent)).toBe(0);
    expect(stdout).toContain('2 of 2 run(s) intact');
    await writeFile(path.join(parent, 'r2', 'index.json'), '{"run":"forged"}\n');
    stdout = '';
    expect(await verifyCommand(parent, { json: true })).toBe(1);
    const verdict = JSON.parse(stdout) as { schemaVersion: number; intact: boolean; runs: Record<string, unknown>[] };
    expect(verdict.schemaVersion).toBe(1);
    expect(verdict.intact).toBe(false);
    expect(verdict.runs.map((r) => [path.basename(String(r.dir)), r.intact, r.changed])).toEqual([
      ['r1', true, []],
      ['r2', false, ['index.json']],
    ]);
    await rm(parent, { recursive: true, force: true });
  });

  it('exit 1 naming the file in which one byte changed', async () => {
    await flipByte('kill-primary/result.json', 3);
    expect(await verifyCommand(dir)).toBe(1);
    expect(stdout).toContain('NOT intact, 1 problem against manifest.sha256 (4 files listed)');
    expect(stdout).toContain('  changed: kill-primary/result.json\n');
    expect(stdout).not.toMatch(/index\.md|pg-1\.log/);
  });

  it('names every changed, missing and added file', async () => {
    await flipByte('index.md');
    await rm(path.join(dir, 'kill-primary', 'logs', 'pg-1.log'));
    await writeFile(path.join(dir, 'kill-primary', 'notes.txt'), 'added later');
    expect(await verifyCommand(dir)).toBe(1);
    expect(stdout.split('\n').slice(1, 4)).toEqual([
      '  changed: index.md',
      '  missing: kill-primary/logs/pg-1.log',
      '  added:   kill-primary/notes.txt (not in the manifest)',
    ]);
  });

  it('exit 1 when the manifest itself is damaged', async () => {
    await writeFile(path.join(dir, 'manifest.sha256'), 'not a manifest\n');
    expect(await verifyCommand(dir)).toBe(1);
    expect(stdout).toContain('manifest.sha256 is damaged (manifest.sha256:1: not a sha256sum line)');
  });

  it('usage errors (exit 2) for no such directory, a file, and a directory without manifest', async () => {
    await expect(verifyCommand(path.join(dir, 'nope'))).rejects.toMatchObject({
      exitCode: 2,
      message: `no such directory: ${path.join(dir, 'nope')}`,
    });
    await expect(verifyCommand(path.join(dir, 'manifest.sha256'))).rejects.toMatchObject({
      exitCode: 2,
      message: expect.stringMatching(/is not a directory/),
      hint: expect.stringMatching(/pass the directory, not the manifest/),
    });
    await expect(verifyCommand(path.join(dir, 'kill-primary'))).rejects.toMatchObject({
      exitCode: 2,
      message: expect.stringMatching(/has no manifest\.sha256/),
    });
    expect(stdout).toBe('');
  });

  describe('with --public-key', () => {
    it('exit 0 with a valid signature, naming the key', async () => {
      const { privateKey, publicFile } = await keyFiles();
      const { fingerprint } = await signManifest(dir, privateKey);
      expect(await verifyCommand(dir, { publicKey: publicFile })).toBe(0);
      expect(stdout).toContain(`✔ manifest.sha256.sig: valid signature by key ${fingerprint}`);
      await rm(publicFile);
    });

    it('exit 1 when the signature is missing, even though every file matches', async () => {
      const { publicFile } = await keyFiles();
      expect(await verifyCommand(dir, { publicKey: publicFile })).toBe(1);
      expect(stdout).toContain('OK, all 4 files match');
      expect(stdout).toContain('✘ manifest.sha256.sig is missing: the manifest is not signed');
      await rm(publicFile);
    });

    it('exit 1 when manifest and file were changed together (the signature catches what the manifest cannot)', async () => {
      const { privateKey, publicFile } = await keyFiles();
      const { file } = await signManifest(dir, privateKey);
      const signature = await readFile(file);
      await flipByte('index.md');
      await writeManifest(dir); // a forger recomputes the manifest and puts the old signature back
      await writeFile(file, signature);
      expect(await verifyCommand(dir, { publicKey: publicFile })).toBe(1);
      expect(stdout).toMatch(/✘ manifest\.sha256\.sig does not verify with key SHA256:/);
      await rm(publicFile);
    });

    it('a bad key file is a usage error, before any verdict', async () => {
      await writeFile(path.join(dir, '..', 'junk.pub'), 'junk');
      await expect(verifyCommand(dir, { publicKey: path.join(dir, '..', 'junk.pub') })).rejects.toBeInstanceOf(
        UsageError,
      );
      expect(stdout).toBe('');
      await rm(path.join(dir, '..', 'junk.pub'));
    });
  });

  it('without --public-key, mentions a signature it did not check', async () => {
    const { privateKey, publicFile } = await keyFiles();
    await signManifest(dir, privateKey);
    expect(await verifyCommand(dir)).toBe(0);
    expect(stdout).toContain('manifest.sha256.sig is present but was not checked: pass --public-key FILE');
    await rm(publicFile);
  });
});
