/** What every step handler gets: the live cluster, the clock, the recorder and the abort signal. */
import type { StartedTopology } from '../topology/runtime.ts';
import type { EvidenceRecorder } from '../evidence/recorder.ts';
import type { ActiveFaults } from './active-faults.ts';

export interface RunContext {
  cluster: StartedTopology;
  recorder: EvidenceRecorder;
  /** faults in force, with how to undo each */
  faults: ActiveFaults;
  /** monotonic ms */
  now: () => number;
  signal: AbortSignal;
  log: (line: string) => void;
  /** how long replicas get to catch up before checksums are taken */
  settleTimeoutMs: number;
  /** told the title of each step as it starts (the live status shows it) */
  stepStarted?: (title: string) => void;
  /** `--step`: awaited before each step, once roles are fresh (it shows what comes, and waits for the user) */
  beforeStep?: (next: { number: number; title: string; line: number }) => Promise<void>;
  /** monotonic ms at which the running fault step began: the clients' healthy stretch ends there */
  stepStartedAtMs?: number;
}
