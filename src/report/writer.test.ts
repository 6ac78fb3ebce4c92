import { execFileSync } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { RunSummary, ScenarioResult } from '../result/result.ts';
import { verifyManifest } from './manifest.ts';
import { keyFingerprint, verifyManifestSignature } from './signature.ts';
import { ReportWriter } from './writer.ts';
import { makeResult } from './test-result.ts';

const SECRET = 'Sup3rS3cret-marker_Q9';

let reportDir: string;
beforeEach(async () => {
  reportDir = await mkdtemp(path.join(tmpdir(), 'pgdrill-report-'));
});
afterEach(() => rm(reportDir, { recursive: true, force: true }));

async function allFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries
    .filter((e) => e.isFile())
    .map((e) => path.relative(dir, path.join(e.parentPath, e.name)))
    .sort();
}

const leaky = (): ScenarioResult =>
  makeResult({
    status: 'error',
    timeline: [
      { atMs: 12, kind: 'observation', message: `connecting with password ${SECRET}` },
      { atMs: 13, kind: 'observation', message: `html-special <${SECRET}> & "${SECRET}"` },
    ],
    error: { code: 'PGDRILL_X', message: `postgres://app:${SECRET}@pg-1/app refused`, hint: `PGPASSWORD=${SECRET}` },
  });
const logs = {
  'pg-1': `LOG: started\nFATAL: auth for app with ${SECRET}\n`,
  'pg-2': 'LOG: conninfo host=pg-1 password=OtherPass123 user=replicator\n',
};

describe('ReportWriter', () => {
  it('writes result.json, both reports and the logs, listing them as artifacts', async () => {
    const dir = await new ReportWriter({ reportDir, secrets: [SECRET] }).writeScenario(makeResult(), logs);
    expect(dir).toBe(path.join(reportDir, 'kill-primary'));
    expect(await allFiles(dir)).toEqual(['logs/pg-1.log', 'logs/pg-2.log', 'report.html', 'report.md', 'result.json']);
    const json = await readFile(path.join(dir, 'result.json'), 'utf8');
    // the format's version first, so that a reader sees it before anything else
    expect(json).toMatch(/^\{\n {2}"schemaVersion": 1,\n {2}"scenario": "kill-primary",/);
    const written = JSON.parse(json) as ScenarioResult;
    expect(written.artifacts).toEqual(['report.md', 'report.html', 'logs/pg-1.log', 'logs/pg-2.log']);
    expect(written.metrics?.rpo.lostTransactions).toBe(0);
  });

  it('replaces an earlier run of the same scenario in a reused report folder, leaving no stale file', async () => {
    const writer = new ReportWriter({ reportDir, secrets: [] });
    await writer.writeScenario(makeResult(), { 'pg-1': 'a', 'pg-3': 'old node' });
    const dir = await writer.writeScenario(makeResult(), { 'pg-1': 'b' });
    expect(await allFiles(dir)).toEqual(['logs/pg-1.log', 'report.html', 'report.md', 'result.json']);
  });

  it('does not modify the result it was given', async () => {
    const result = makeResult();
    await new ReportWriter({ reportDir, secrets: [] }).writeScenario(result, logs);
    expect(result.artifacts).toEqual([]);
  });

  it('keeps metrics that were not measured null in result.json', async () => {
    const result = makeResult({ status: 'error', metrics: null });
    const dir = await new ReportWriter({ reportDir, secrets: [] }).writeScenario(result, {});
    expect((JSON.parse(await readFile(path.join(dir, 'result.json'), 'utf8')) as ScenarioResult).metrics).toBeNull();
  });

  it('writes the secret into no file, whether from logs, timeline or error, and redacts pattern passwords', async () => {
    const writer = new ReportWriter({ reportDir, secrets: [SECRET] });
    const dir = await writer.writeScenario(leaky(), logs);
    await new ReportWriter({ reportDir, secrets: [] }).finish(summaryFor(dir));
    for (const file of await allFiles(reportDir)) {
      const text = await readFile(path.join(reportDir, file), 'utf8');
      expect(text, file).not.toContain(SECRET);
      expect(text, file).not.toContain('OtherPass123');
    }
    expect(await readFile(path.join(dir, 'logs', 'pg-1.log'), 'utf8')).toContain('FATAL: auth for app with [REDACTED]');
    expect(JSON.parse(await readFile(path.join(dir, 'result.json'), 'utf8'))).toHaveProperty(
      'timeline.1.message',
      'html-special <[REDACTED]> & "[REDACTED]"',
    );
  });

  it('finishes with index.json, index.md and a manifest that sha256sum -c and verifyManifest accept', async () => {
    const dir = await new ReportWriter({ reportDir, secrets: [SECRET] }).writeScenario(leaky(), logs);
    await new ReportWriter({ reportDir, secrets: [] }).finish(summaryFor(dir));
    const index = JSON.parse(await readFile(path.join(reportDir, 'index.json'), 'utf8'));
    expect(index).toMatchObject({
      runId: 'run-1',
      exitCode: 3,
      counts: { passed: 0, failed: 0, error: 1 },
      scenarios: [
        {
          scenario: 'kill-primary',
          status: 'error',
          dir: 'kill-primary',
          report: 'kill-primary/report.md',
          result: 'kill-primary/result.json',
          failedExpectations: [],
        },
      ],
    });
    const md = await readFile(path.join(reportDir, 'index.md'), 'utf8');
    expect(md).toContain(
      '| [kill-primary](kill-primary/) | ERROR | — | [report](kill-primary/report.md) · [result.json](kill-primary/result.json) |',
    );
    expect(await verifyManifest(reportDir)).toMatchObject({ ok: true, mismatched: [], missing: [], unlisted: [] });
    const manifest = await readFile(path.join(reportDir, 'manifest.sha256'), 'utf8');
    expect(manifest.trimEnd().split('\n')).toHaveLength(8);
    expect(await readFile(path.join(reportDir, 'index.html'), 'utf8')).toContain(
      '<a href="kill-primary/report.html" class="scenario-name">kill-primary</a>',
    );
    execFileSync('sha256sum', ['--check', '--strict', '--quiet', 'manifest.sha256'], { cwd: reportDir, stdio: 'pipe' });
  });

  it('lists failed expectations in the index', async () => {
    await new ReportWriter({ reportDir, secrets: [] }).finish({
      ...summaryFor(path.join(reportDir, 'x')),
      scenarios: [
        {
          scenario: 'lag',
          status: 'failed',
          dir: 'lag',
          failedExpectations: ['rpo.lostTransactions', 'rto.maxSeconds'],
        },
      ],
    });
    expect(await readFile(path.join(reportDir, 'index.md'), 'utf8')).toContain(
      '| FAILED | rpo.lostTransactions, rto.maxSeconds |',
    );
  });

  it('never writes outside the report directory, whatever the names', async () => {
    const dir = await new ReportWriter({ reportDir, secrets: [] }).writeScenario(
      makeResult({ scenario: '../../escape' }),
      { '../../evil': 'x' },
    );
    expect(path.dirname(dir)).toBe(reportDir);
    expect((await allFiles(reportDir)).every((f) => !f.split(path.sep).includes('..'))).toBe(true);
    expect(await allFiles(dir)).toContain('logs/.._.._evil.log');
  });
});

function summaryFor(dir: string): RunSummary {
  return {
    runId: 'run-1',
    startedAt: '2025-01-02T03:04:05.000Z',
    durationMs: 1000,
    reportDir,
    exitCode: 3,
    scenarios: [
      { scenario: 'kill-primary', status: 'error', dir: path.relative(reportDir, dir), failedExpectations: [] },
    ],
  };
}

describe('ReportWriter: environment secrets and signing', () => {
  const ENV_MARKER = 'env-marker-Zq81xT';

  it('redacts the values of secret-named environment variables from every file, including logs and the index', async () => {
    process.env.PGDRILL_WRITER_TEST_TOKEN = ENV_MARKER;
    try {
      const result = makeResult({ timeline: [{ atMs: 1, kind: 'observation', message: `token ${ENV_MARKER} seen` }] });
      const dir = await new ReportWriter({ reportDir, secrets: [] }).writeScenario(
        result,
        { 'pg-1': `LOG: ${ENV_MARKER}\n` },
        { 'samples.json': `["${ENV_MARKER}"]` },
      );
      await new ReportWriter({ reportDir, secrets: [] }).finish({ ...summaryFor(dir), runId: `run-${ENV_MARKER}` });
      for (const file of await allFiles(reportDir))
        expect(await readFile(path.join(reportDir, file), 'utf8'), file).not.toContain(ENV_MARKER);
      expect(await readFile(path.join(dir, 'logs', 'pg-1.log'), 'utf8')).toBe('LOG: [REDACTED]\n');
    } finally {
      delete process.env.PGDRILL_WRITER_TEST_TOKEN;
    }
  });

  it('signs the manifest when given a key, and reports where and with which key', async () => {
    const { privateKey, publicKey } = generateKeyPairSync('ed25519');
    const dir = await new ReportWriter({ reportDir, secrets: [] }).writeScenario(makeResult(), logs);
    const written = await new ReportWriter({ reportDir, secrets: [] }).finish(summaryFor(dir), { signKey: privateKey });
    expect(written).toEqual({
      manifest: path.join(reportDir, 'manifest.sha256'),
      signature: { file: path.join(reportDir, 'manifest.sha256.sig'), fingerprint: keyFingerprint(publicKey) },
    });
    expect(await verifyManifestSignature(reportDir, publicKey)).toMatchObject({ ok: true });
    expect(await verifyManifest(reportDir)).toMatchObject({ ok: true, unlisted: [] });
    execFileSync('sha256sum', ['--check', '--strict', '--quiet', 'manifest.sha256'], { cwd: reportDir, stdio: 'pipe' });
  });

  it('leaves no signature of an earlier run in a reused directory when this run is not signed', async () => {
    const dir = await new ReportWriter({ reportDir, secrets: [] }).writeScenario(makeResult(), logs);
    await new ReportWriter({ reportDir, secrets: [] }).finish(summaryFor(dir), {
      signKey: generateKeyPairSync('ed25519').privateKey,
    });
    expect(await new ReportWriter({ reportDir, secrets: [] }).finish(summaryFor(dir))).toEqual({
      manifest: path.join(reportDir, 'manifest.sha256'),
    });
    expect(await allFiles(reportDir)).not.toContain('manifest.sha256.sig');
  });
});
