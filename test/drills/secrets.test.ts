/**
 * Secrets never reach a report, and a report is provably as the run wrote it. The cluster of
 * test/self-test/secret-marker.yaml has unique marker strings for passwords, and the run gets
 * another marker in an environment variable named like a secret: not one byte sequence of any
 * marker may be in any file of the report (the scenario's own copy, scenario.yaml, included), nor
 * in what pgdrill printed. Then `pgdrill verify`
 * accepts the untouched directory (as does `sha256sum -c`), checks its signature, and names the
 * one file in which one byte was changed.
 */
import { generateKeyPairSync } from 'node:crypto';
import { readFile, readdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { leftoverContainers, pgdrill, ROOT, tempDir } from './pgdrill-cli.ts';

const SCENARIO = 'test/self-test/secret-marker.yaml';
const NAME = 'self-test-secret-marker';
/** What the test puts in the environment of `pgdrill run`; the scenario's description quotes it. */
const TOKEN = 'PGDRILL-MARKER-D4B1sOffmf70-token';

/** Every file under `dir` (relative paths), however deep. */
async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries
    .filter((e) => e.isFile())
    .map((e) => path.relative(dir, path.join(e.parentPath, e.name)))
    .sort();
}

/** `needle` in `haystack`, bytewise: binary files too. */
const holds = (haystack: Buffer, needle: string) => haystack.includes(Buffer.from(needle, 'utf8'));

describe(SCENARIO, () => {
  it('leaves no password and no environment secret in any file or output, and pgdrill verify names a changed byte', async () => {
    const passwords = (
      parse(await readFile(path.join(ROOT, SCENARIO), 'utf8')) as {
        topology: { postgres: { passwords: Record<string, string> } };
      }
    ).topology.postgres.passwords;
    const markers = [passwords.superuser!, passwords.replication!, passwords.app!, TOKEN];
    expect(new Set(markers).size, 'four distinct markers').toBe(4);
    // Each marker's random middle too, so that a fragment (a truncated message) counts as a leak.
    const needles = markers.flatMap((m) => [m, /^PGDRILL-MARKER-([A-Za-z0-9]{8,})-/.exec(m)![1]!]);

    const reportDir = await tempDir('secrets');
    const keys = await tempDir('secrets-keys');
    const { privateKey, publicKey } = generateKeyPairSync('ed25519');
    await writeFile(path.join(keys, 'key.pem'), privateKey.export({ type: 'pkcs8', format: 'pem' }));
    await writeFile(path.join(keys, 'key.pub'), publicKey.export({ type: 'spki', format: 'pem' }));

    // what CI integrations write, outside the report folder: JUnit, Allure, the GitHub job summary
    const ci = await tempDir('secrets-ci');
    const junit = path.join(ci, 'junit.xml');
    const allure = path.join(ci, 'allure-results');
    const summary = path.join(ci, 'step-summary.md');
    const run = await pgdrill(
      [
        'run',
        SCENARIO,
        '--report-dir',
        reportDir,
        '--sign-key',
        path.join(keys, 'key.pem'),
        '--junit',
        junit,
        '--allure',
        allure,
        '--reporter',
        'terminal',
        '--reporter',
        'github',
      ],
      { env: { PGDRILL_TEST_TOKEN: TOKEN, GITHUB_STEP_SUMMARY: summary } },
    );

    // 1. zero hits, in every file of the run and in everything printed
    const files = await filesUnder(reportDir);
    expect(files).toEqual(
      expect.arrayContaining([
        'index.json',
        'manifest.sha256',
        'manifest.sha256.sig',
        `${NAME}/result.json`,
        `${NAME}/report.md`,
        `${NAME}/report.html`,
      ]),
    );
    expect(files.filter((f) => f.startsWith(`${NAME}/logs/`)).length, 'logs were captured').toBeGreaterThan(0);
    expect(
      files.filter((f) => /\.ya?ml$/.test(f)),
      'the scenario is in the report only as its redacted copy (scanned below like every file)',
    ).toEqual([`${NAME}/scenario.yaml`]);
    const hits: string[] = [];
    for (const file of files) {
      const bytes = await readFile(path.join(reportDir, file));
      for (const needle of needles) if (holds(bytes, needle)) hits.push(`${file}: ${needle}`);
    }
    const ciFiles = await filesUnder(ci);
    expect(ciFiles).toEqual(expect.arrayContaining(['junit.xml', 'step-summary.md']));
    expect(ciFiles.filter((f) => f.startsWith('allure-results/')).length, 'Allure results written').toBeGreaterThan(0);
    for (const file of ciFiles) {
      const bytes = await readFile(path.join(ci, file));
      for (const needle of needles) if (holds(bytes, needle)) hits.push(`${file} (CI output): ${needle}`);
    }
    for (const [stream, text] of [
      ['stdout', run.stdout],
      ['stderr', run.stderr],
    ] as const) {
      for (const needle of needles) if (text.includes(needle)) hits.push(`${stream}: ${needle}`);
    }
    expect(hits).toEqual([]);

    expect(run.exitCode, run.all).toBe(0);
    // The markers were there to be redacted: the description quotes two, and the error of the
    // step expected to fail quotes its SQL, which holds a third (also printed on stderr).
    const result = JSON.parse(await readFile(path.join(reportDir, NAME, 'result.json'), 'utf8')) as {
      description: string;
      steps: { status: string; error?: string }[];
    };
    expect(result.description).toContain('quotes the app password ([REDACTED])');
    expect(result.description).toContain('PGDRILL_TEST_TOKEN ([REDACTED])');
    expect(result.steps[1]).toMatchObject({
      status: 'expected-failure',
      error: expect.stringContaining("SELECT '[REDACTED]' = 'never'"),
    });
    expect(run.stderr).toContain("SELECT '[REDACTED]' = 'never'");
    // planted in the server's statement log and in a runbook's output, and redacted there
    const logs = await Promise.all(
      files.filter((f) => f.startsWith(`${NAME}/logs/pg-`)).map((f) => readFile(path.join(reportDir, f), 'utf8')),
    );
    expect(logs.join('\n')).toMatch(/statement: SELECT '\[REDACTED\]' AS planted_in_the_statement_log/);
    const runbook = await readFile(path.join(reportDir, NAME, 'runbook-step-8.log'), 'utf8');
    expect(runbook).toContain('checking the app role with password [REDACTED]');
    expect(run.stderr).toMatch(/signed .*manifest\.sha256\.sig with key SHA256:/);
    // the scenario as it ran, its passwords redacted: the provenance an auditor reads
    const copy = await readFile(path.join(reportDir, NAME, 'scenario.yaml'), 'utf8');
    for (const role of ['superuser', 'replication', 'app']) expect(copy).toContain(`${role}: [REDACTED]`);

    // 2. the untouched run verifies, with pgdrill (files and signature) and with coreutils
    const intact = await pgdrill(['verify', reportDir, '--public-key', path.join(keys, 'key.pub')]);
    expect(intact.exitCode, intact.all).toBe(0);
    expect(intact.stdout).toMatch(/OK, all \d+ files match manifest\.sha256/);
    expect(intact.stdout).toMatch(/valid signature by key SHA256:/);
    const coreutils = await execa('sha256sum', ['--check', '--strict', 'manifest.sha256'], {
      cwd: reportDir,
      reject: false,
    });
    expect(coreutils.exitCode, coreutils.stdout + coreutils.stderr).toBe(0);

    // 3. one byte of one report file changed: verify exits 1 and names that file, and only it
    const victim = `${NAME}/report.md`;
    const bytes = await readFile(path.join(reportDir, victim));
    bytes[10] = bytes[10]! ^ 0x01;
    await writeFile(path.join(reportDir, victim), bytes);
    const tampered = await pgdrill(['verify', reportDir]);
    expect(tampered.exitCode, tampered.all).toBe(1);
    expect(tampered.stdout).toContain(`changed: ${victim}`);
    expect(tampered.stdout.match(/^ {2}(changed|missing|added):/gm)).toHaveLength(1);
    expect(tampered.stderr).not.toMatch(/\n\s+at /); // a verdict, not a stack trace

    expect(await leftoverContainers(run.pid)).toEqual([]);
    await rm(keys, { recursive: true, force: true });
    await rm(ci, { recursive: true, force: true });
  });
});
