/**
 * What the loader refuses before parsing, with exit 2 and the file named: files that are not
 * regular (a FIFO would block the read for ever, /dev/zero never end), too large, not UTF-8,
 * and folders that hold no scenario.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ScenarioError, UsageError } from '../errors.ts';
import { MAX_SCENARIO_BYTES, loadScenario, loadScenarios } from './load.ts';

const dir = mkdtempSync(path.join(tmpdir(), 'pgdrill-input-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const VALID = 'name: ok\ntopology: {postgres: {version: 15, replicas: 1}}\nsteps: [{wait: 1s}]\n';

function file(name: string, content: string | Uint8Array): string {
  const full = path.join(dir, name);
  writeFileSync(full, content);
  return full;
}

async function refusal(load: Promise<unknown>): Promise<UsageError> {
  const error = await load.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(UsageError);
  expect((error as UsageError).exitCode).toBe(2);
  return error as UsageError;
}

describe('scenario files the loader refuses', () => {
  it('reads a valid UTF-8 file, with or without a BOM', async () => {
    expect((await loadScenario(file('plain.yaml', VALID))).name).toBe('ok');
    expect((await loadScenario(file('bom.yaml', `\uFEFF${VALID}`))).name).toBe('ok');
  });

  it('refuses a named pipe by its type, at once, instead of blocking on the read', async () => {
    const fifo = path.join(dir, 'pipe.yaml');
    execFileSync('mkfifo', [fifo]);
    const error = await refusal(loadScenario(fifo));
    expect(error.message).toBe(`cannot read scenario ${fifo}: is a named pipe (FIFO), not a regular file`);
  });

  it('refuses a character device such as /dev/zero, which would never end', async () => {
    expect((await refusal(loadScenario('/dev/zero'))).message).toMatch(/is a character device, not a regular file/);
  });

  it('refuses a file over 1 MB without reading it into the parser', async () => {
    const big = file('big.yaml', `${VALID}# ${'x'.repeat(MAX_SCENARIO_BYTES)}\n`);
    expect((await refusal(loadScenario(big))).message).toMatch(/is 1\.0 MB; a scenario file is at most 1 MB/);
  });

  it('names UTF-16, other encodings and binary files instead of parsing them as garbage', async () => {
    const utf16 = file('utf16.yaml', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(VALID, 'utf16le')]));
    expect((await refusal(loadScenario(utf16))).message).toMatch(/is UTF-16 text; save it as UTF-8/);
    const latin1 = file('latin1.yaml', Buffer.from('name: caf\xe9\n', 'latin1'));
    expect((await refusal(loadScenario(latin1))).message).toMatch(/is not UTF-8 text/);
    const binary = file('binary.yaml', Buffer.from([0x6e, 0x00, 0x01, 0x02]));
    expect((await refusal(loadScenario(binary))).message).toMatch(/holds NUL bytes/);
  });

  it('gives a positioned error, not a stack overflow, for a document nested thousands of levels deep', async () => {
    const deep = file('deep.yaml', `name: deep\ntopology: ${'{a: '.repeat(5000)}1${'}'.repeat(5000)}\n`);
    const error = await loadScenario(deep).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ScenarioError);
    const [issue] = (error as ScenarioError).issues;
    expect(issue!.position).toMatchObject({ file: deep, line: 2 });
    expect(issue!.message).toMatch(/^YAML: the document is nested too deeply to read/);
  });

  it('says a folder with no scenario in it holds none, rather than validating nothing with exit 0', async () => {
    const empty = path.join(dir, 'empty');
    mkdirSync(path.join(empty, 'nested'), { recursive: true });
    writeFileSync(path.join(empty, 'README.md'), '# not a scenario\n');
    expect((await refusal(loadScenarios([empty]))).message).toBe(`no scenario files (*.yaml, *.yml) in ${empty}`);
  });
});
