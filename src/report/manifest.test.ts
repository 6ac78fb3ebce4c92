import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, unlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ManifestFormatError, listFiles, verifyManifest, writeManifest } from './manifest.ts';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'pgdrill-manifest-'));
  await mkdir(path.join(dir, 'kill-primary', 'logs'), { recursive: true });
  await writeFile(path.join(dir, 'index.md'), '# run\n');
  await writeFile(path.join(dir, 'kill-primary', 'result.json'), '{}\n');
  await writeFile(path.join(dir, 'kill-primary', 'logs', 'pg-1.log'), 'LOG: ready\n');
  await writeFile(path.join(dir, 'kill-primary', 'logs', 'pg 2 (old).log'), 'LOG: ready\n');
});
afterEach(() => rm(dir, { recursive: true, force: true }));

const sha256sumCheck = () =>
  execFileSync('sha256sum', ['--check', '--strict', 'manifest.sha256'], {
    cwd: dir,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  });

describe('writeManifest', () => {
  it('lists every file recursively in sorted sha256sum format, and `sha256sum -c` accepts it', async () => {
    const file = await writeManifest(dir);
    expect(file).toBe(path.join(dir, 'manifest.sha256'));
    const lines = (await readFile(file, 'utf8')).trimEnd().split('\n');
    expect(lines.map((l) => l.slice(66))).toEqual([
      'index.md',
      'kill-primary/logs/pg 2 (old).log',
      'kill-primary/logs/pg-1.log',
      'kill-primary/result.json',
    ]);
    for (const l of lines) expect(l).toMatch(/^[0-9a-f]{64} {2}\S/);
    expect(sha256sumCheck()).toContain('index.md: OK');
  });

  it('removes the signature of an earlier manifest: it signs bytes that are gone', async () => {
    await writeFile(path.join(dir, 'manifest.sha256.sig'), 'c2ln\n');
    await writeManifest(dir);
    expect(existsSync(path.join(dir, 'manifest.sha256.sig'))).toBe(false);
  });

  it('never lists itself, and rewriting it is stable', async () => {
    const first = await readFile(await writeManifest(dir), 'utf8');
    const second = await readFile(await writeManifest(dir), 'utf8');
    expect(second).toBe(first);
    expect(first).not.toContain('manifest.sha256');
  });

  it('escapes names with backslashes and newlines the way GNU sha256sum does', async () => {
    await writeFile(path.join(dir, 'odd\\name\nhere.log'), 'x');
    await writeManifest(dir);
    expect(sha256sumCheck()).toMatch(/OK/);
    expect(await verifyManifest(dir)).toEqual({
      ok: true,
      listed: 5,
      mismatched: [],
      missing: [],
      unlisted: [],
      notRegular: [],
    });
  });
});

/** What verifyManifest answers for the four-file test directory, untouched. */
const INTACT_FOUR = { ok: true, listed: 4, mismatched: [], missing: [], unlisted: [], notRegular: [] };

describe('verifyManifest', () => {
  it('passes on an untouched directory', async () => {
    await writeManifest(dir);
    expect(await verifyManifest(dir)).toEqual(INTACT_FOUR);
  });

  it('names a file in which one byte was flipped, as sha256sum -c does', async () => {
    await writeManifest(dir);
    const victim = path.join(dir, 'kill-primary', 'result.json');
    const bytes = await readFile(victim);
    bytes[0] = bytes[0]! ^ 0x01;
    await writeFile(victim, bytes);
    expect(await verifyManifest(dir)).toEqual({
      ok: false,
      listed: 4,
      mismatched: ['kill-primary/result.json'],
      missing: [],
      unlisted: [],
      notRegular: [],
    });
    let stdout = '';
    try {
      sha256sumCheck();
    } catch (error) {
      stdout = String((error as { stdout: string }).stdout);
    }
    expect(stdout).toContain('kill-primary/result.json: FAILED');
  });

  it('names missing and unlisted files', async () => {
    await writeManifest(dir);
    await unlink(path.join(dir, 'index.md'));
    await writeFile(path.join(dir, 'kill-primary', 'added-later.txt'), 'x');
    expect(await verifyManifest(dir)).toEqual({
      ok: false,
      listed: 4,
      mismatched: [],
      missing: ['index.md'],
      unlisted: ['kill-primary/added-later.txt'],
      notRegular: [],
    });
  });

  it('refuses a manifest that points outside the directory', async () => {
    await writeFile(path.join(dir, 'manifest.sha256'), `${'0'.repeat(64)}  ../etc/passwd\n`);
    await expect(verifyManifest(dir)).rejects.toThrow(/outside/);
    await expect(verifyManifest(dir)).rejects.toBeInstanceOf(ManifestFormatError);
  });

  it('refuses a line that is not a sha256sum line, naming it', async () => {
    await writeManifest(dir);
    await writeFile(
      path.join(dir, 'manifest.sha256'),
      `${await readFile(path.join(dir, 'manifest.sha256'), 'utf8')}garbage\n`,
    );
    await expect(verifyManifest(dir)).rejects.toThrow(
      new ManifestFormatError('manifest.sha256:5: not a sha256sum line'),
    );
  });

  it('counts a CRLF manifest (edited on Windows) as intact', async () => {
    const text = await readFile(await writeManifest(dir), 'utf8');
    await writeFile(path.join(dir, 'manifest.sha256'), text.replace(/\n/g, '\r\n'));
    expect(await verifyManifest(dir)).toMatchObject({ ok: true, listed: 4 });
  });

  it('does not count the signature as an added file, and neither does the manifest list it', async () => {
    await writeFile(path.join(dir, 'manifest.sha256.sig'), 'c2ln\n');
    await writeManifest(dir);
    expect(await readFile(path.join(dir, 'manifest.sha256'), 'utf8')).not.toContain('.sig');
    await writeFile(path.join(dir, 'manifest.sha256.sig'), 'c2ln\n');
    expect(await verifyManifest(dir)).toEqual(INTACT_FOUR);
    // only the top-level one is the signature: a file of that name deeper down is an ordinary file
    await writeFile(path.join(dir, 'kill-primary', 'manifest.sha256.sig'), 'x');
    expect((await verifyManifest(dir)).unlisted).toEqual(['kill-primary/manifest.sha256.sig']);
  });

  it('fails loudly without a manifest', async () => {
    await expect(verifyManifest(dir)).rejects.toThrow(/ENOENT/);
  });
});

describe('listFiles', () => {
  it('sorts by code unit, independent of locale', async () => {
    await writeFile(path.join(dir, 'B.md'), '');
    await writeFile(path.join(dir, 'a.md'), '');
    expect((await listFiles(dir)).slice(0, 3)).toEqual(['B.md', 'a.md', 'index.md']);
  });
});
