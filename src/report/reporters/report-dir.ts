/**
 * The run directory as a reporter: each scenario's result.json, report.md, report.html and logs
 * as it ends (../writer.ts), then index.{json,md,html} and manifest.sha256 (and its signature)
 * at the end. Last among the reporters, so files they write inside the directory are listed.
 */
import type { KeyObject } from 'node:crypto';
import { rm } from 'node:fs/promises';
import path from 'node:path';
import { MANIFEST_NAME, SIGNATURE_NAME } from '../manifest.ts';
import { ReportWriter } from '../writer.ts';
import type { Reporter } from './reporter.ts';

export interface ReportDirOptions {
  reportDir: string;
  signKey?: KeyObject;
  /** progress messages */
  say: (line: string) => void;
  /** how a path is shown to the user */
  show: (file: string) => string;
}

export function reportDirReporter({ reportDir, signKey, say, show }: ReportDirOptions): Reporter {
  // The outcome's result, logs and attachments are already redacted of the run's secrets; the
  // writer still redacts the environment's (PGPASSWORD, *_TOKEN, …).
  const writer = new ReportWriter({ reportDir, secrets: [] });
  /** scenarios whose folder could not be written whole (a full disk, a read-only mount) */
  const unwritten: string[] = [];
  return {
    name: 'report-dir',
    async onBegin() {
      // A reused folder's manifest certifies a run that is being overwritten: gone before anything
      // is, so a run that never reaches its end (interrupted, engine lost) leaves no stale one.
      await Promise.all([MANIFEST_NAME, SIGNATURE_NAME].map((f) => rm(path.join(reportDir, f), { force: true })));
    },
    async onScenarioEnd({ result, logs, attachments }) {
      try {
        await writer.writeScenario(result, logs, attachments);
      } catch (error) {
        unwritten.push(result.scenario);
        throw error;
      }
    },
    async onEnd(run) {
      if (run.invalid.length > 0) return; // nothing ran: no run directory, as before reporters existed
      if (unwritten.length > 0) {
        // A manifest would certify a run folder that lacks part of the evidence: write none.
        throw new Error(
          `${show(reportDir)} is incomplete (the report of ${unwritten.join(', ')} could not be written): no index or manifest was written`,
        );
      }
      const { signature } = await writer.finish(run.summary, { signKey });
      if (signature) say(`signed ${show(signature.file)} with key ${signature.fingerprint}`);
    },
  };
}
