/**
 * What `pgdrill doctor` last found this host can inject (./fault-probes.ts tries), kept in the
 * user's cache so `validate` can warn without starting a container; and which probe each fault
 * step depends on. Light: validate loads it.
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Scenario, Step } from '../scenario/scenario.ts';

export interface FaultProbe {
  /** the fault (and option) it decides */
  fault: string;
  available: boolean;
  /** what was tried, and why it is not available */
  how: string;
}

/** Where doctor leaves what it found, for validate to warn from without starting a container. */
export const PROBES_FILE = path.join(os.homedir(), '.cache', 'pgdrill', 'fault-probes.json');

export async function saveProbes(probes: FaultProbe[]): Promise<void> {
  await mkdir(path.dirname(PROBES_FILE), { recursive: true });
  await writeFile(PROBES_FILE, `${JSON.stringify({ at: new Date().toISOString(), probes }, null, 2)}\n`);
}

export async function savedProbes(): Promise<{ at: string; probes: FaultProbe[] } | null> {
  return readFile(PROBES_FILE, 'utf8')
    .then((text) => JSON.parse(text) as { at: string; probes: FaultProbe[] })
    .catch(() => null);
}

/** The probe a fault step depends on, or undefined when it needs nothing of the kernel. */
export function probeFor(step: Step): string | undefined {
  if (step.type !== 'fault') return undefined;
  switch (step.fault) {
    case 'partition':
      return 'partition';
    case 'pause':
      return 'pause';
    case 'disk-full':
      return 'disk-full';
    case 'lag':
      if (step.delayMs !== undefined || step.lossPercent !== undefined) return 'lag delay / loss';
      return step.bandwidth !== undefined ? 'lag bandwidth' : undefined;
    default:
      return undefined;
  }
}

/** `validate`'s warnings: each step that needs a mechanism doctor last found missing here. */
export function unavailableSteps(
  scenario: Scenario,
  saved: { at: string; probes: FaultProbe[] },
): { line: number; message: string }[] {
  const missing = new Map(saved.probes.filter((p) => !p.available).map((p) => [p.fault, p]));
  return scenario.steps.flatMap((step) => {
    const probe = missing.get(probeFor(step) ?? '');
    return probe
      ? [{ line: step.at.line, message: `steps[${step.index}]: ${probe.how} (pgdrill doctor, ${saved.at})` }]
      : [];
  });
}

/** Says, for each of `scenarios`, every step doctor last found this host cannot inject (validate and run, before anything starts). */
export async function warnUnavailable(scenarios: readonly Scenario[], say: (line: string) => void): Promise<void> {
  const saved = await savedProbes();
  if (!saved) return;
  for (const scenario of scenarios)
    for (const w of unavailableSteps(scenario, saved))
      say(`warning: ${path.relative(process.cwd(), scenario.file)}:${w.line}: ${w.message}`);
}
