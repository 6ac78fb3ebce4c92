import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { firstTarEntry } from './container-file.ts';

describe('firstTarEntry', () => {
  it('reads the content of a file archived by tar, as the engine sends it', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'pgdrill-tar-'));
    const text = 'LOG:  database system is ready\n'.repeat(50);
    writeFileSync(path.join(dir, 'postgresql.log'), text);
    const tar = execFileSync('tar', ['-C', dir, '-c', 'postgresql.log']);
    expect(firstTarEntry(tar).toString()).toBe(text);
  });

  it('gives nothing for an empty archive', () => {
    expect(firstTarEntry(Buffer.alloc(0)).length).toBe(0);
  });
});

describe('tarOfOneFile', () => {
  it('makes an archive that tar itself reads back', async () => {
    const { tarOfOneFile } = await import('./container-file.ts');
    const dir = mkdtempSync(path.join(tmpdir(), 'pgdrill-tar-'));
    const archive = path.join(dir, 'one.tar');
    writeFileSync(archive, tarOfOneFile('run/pgdrill/hold', 'held\n'));
    expect(execFileSync('tar', ['-xOf', archive, 'run/pgdrill/hold']).toString()).toBe('held\n');
    expect(firstTarEntry(tarOfOneFile('a', 'xyz')).toString()).toBe('xyz');
  });
});
