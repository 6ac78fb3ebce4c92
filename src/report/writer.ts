/**
 * Writes a run's report directory: per scenario DIR/<name>/{result.json, report.md, report.html,
 * logs/<node>.log}, then DIR/index.{md,json} and DIR/manifest.sha256 (and its signature, given a
 * key). Every byte written passes through redaction first: the run's secrets, and the values of
 * environment variables named like secrets.
 */
import type { KeyObject } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { RESULT_SCHEMA_VERSION, type ResultFile, type RunSummary, type ScenarioResult } from '../result/result.ts';
import { renderScenarioHtml } from './html.ts';
import { renderIndexHtml } from './index-html.ts';
import { writeManifest } from './manifest.ts';
import { renderScenarioMarkdown } from './markdown.ts';
import { parseSamples } from './samples.ts';
import { envSecrets, redactDeep, redactSecrets } from '../redact.ts';
import { signManifest } from './signature.ts';
import { buildRunIndex, renderIndexMarkdown } from './run-index.ts';

export interface ReportWriterOptions {
  /** the run directory (created if needed) */
  reportDir: string;
  /** values to redact from everything written (the run's passwords); env secrets are added */
  secrets: string[];
}

export interface WrittenManifest {
  /** absolute path of manifest.sha256 */
  manifest: string;
  /** manifest.sha256.sig and the signing key's fingerprint, when a key was given */
  signature?: { file: string; fingerprint: string };
}

/**
 * A name usable as one path segment. Scenario names are validated as [a-z0-9-]+ upstream and
 * node names are ours, but a report writer must never be talked into writing outside its dir.
 */
export function safeSegment(name: string): string {
  const s = name.replace(/[^A-Za-z0-9._-]/g, '_');
  return s === '' || /^\.+$/.test(s) ? `_${s}` : s;
}

/** A scenario's folder in the run directory (absolute): where writeScenario puts its files. */
export function scenarioDir(reportDir: string, scenario: string): string {
  return path.resolve(reportDir, safeSegment(scenario));
}

export class ReportWriter {
  private readonly options: ReportWriterOptions;

  constructor(options: ReportWriterOptions) {
    // Redacted too: the values of environment variables named like secrets (PGPASSWORD, *_TOKEN, …).
    this.options = { ...options, secrets: [...options.secrets, ...envSecrets()] };
  }

  private redact(text: string): string {
    return redactSecrets(text, this.options.secrets);
  }

  /**
   * Writes one scenario's folder and returns its absolute path. The result is not mutated: the
   * written result.json is a redacted copy whose `artifacts` lists the reports and logs.
   */
  /**
   * @param attachments further evidence files by path relative to the scenario folder (e.g.
   *   `samples.json`), redacted like everything else
   */
  async writeScenario(
    result: ScenarioResult,
    logs: Record<string, string>,
    attachments: Record<string, string> = {},
  ): Promise<string> {
    const dir = scenarioDir(this.options.reportDir, result.scenario);
    // A reused --report-dir must not carry an earlier run's files into this run's manifest;
    // only a folder that holds a result.json is ours to empty.
    if (existsSync(path.join(dir, 'result.json'))) await rm(dir, { recursive: true, force: true });
    await mkdir(path.join(dir, 'logs'), { recursive: true });

    const logFiles: string[] = [];
    for (const [node, text] of Object.entries(logs).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
      const rel = `logs/${safeSegment(node)}.log`;
      await writeFile(path.join(dir, rel), this.redact(text));
      logFiles.push(rel);
    }

    const attached: string[] = [];
    for (const [name, text] of Object.entries(attachments)) {
      const rel = name.split('/').map(safeSegment).join('/');
      await mkdir(path.dirname(path.join(dir, rel)), { recursive: true });
      await writeFile(path.join(dir, rel), this.redact(text));
      attached.push(rel);
    }
    const artifacts = [...new Set([...result.artifacts, 'report.md', 'report.html', ...logFiles, ...attached])];
    const file: ResultFile = { schemaVersion: RESULT_SCHEMA_VERSION, ...result, artifacts };
    const redacted = redactDeep(file, this.options.secrets);
    await writeFile(path.join(dir, 'result.json'), `${JSON.stringify(redacted, null, 2)}\n`);
    // Rendered from the redacted model (a secret HTML-escaped would slip past text redaction), then redacted again.
    await writeFile(path.join(dir, 'report.md'), this.redact(renderScenarioMarkdown(redacted)));
    await writeFile(
      path.join(dir, 'report.html'),
      // the samples are parsed from their redacted text: a node's sample may quote its settings
      this.redact(
        renderScenarioHtml(
          redacted,
          parseSamples(attachments['samples.json'] && this.redact(attachments['samples.json'])),
        ),
      ),
    );
    return dir;
  }

  /**
   * Writes index.json and index.md for the run, then manifest.sha256 over the whole directory,
   * and with `signKey` (Ed25519) its signature manifest.sha256.sig.
   */
  async finish(summary: RunSummary, options: { signKey?: KeyObject } = {}): Promise<WrittenManifest> {
    const dir = path.resolve(this.options.reportDir);
    await mkdir(dir, { recursive: true });
    const index = redactDeep(buildRunIndex({ ...summary, reportDir: dir }), this.options.secrets);
    await writeFile(path.join(dir, 'index.json'), `${JSON.stringify(index, null, 2)}\n`);
    await writeFile(path.join(dir, 'index.md'), this.redact(renderIndexMarkdown(index)));
    await writeFile(path.join(dir, 'index.html'), this.redact(renderIndexHtml(index)));
    const manifest = await writeManifest(dir);
    if (options.signKey === undefined) return { manifest };
    return { manifest, signature: await signManifest(dir, options.signKey) };
  }
}
