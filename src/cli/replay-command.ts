/**
 * `pgdrill replay DIR|schedule.json`: the faults a drill of `explore` (or `run` of a chaos
 * scenario) ran, run again exactly — the same faults, targets and times, not a new draw.
 */
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { type ExitCode, UsageError } from '../errors.ts';
import type { Schedule } from '../model/chaos.ts';
import { loadScenarios } from '../scenario/load.ts';
import { describeSchedule } from '../report/explore.ts';
import { ChaosRunner } from './chaos-runner.ts';
import { DrillSession, displayPath } from './drill-session.ts';
import { exitCodeFor } from './exit-code.ts';
import { progress } from './output.ts';
import { chooseReporters, reporters } from './run-command.ts';

export async function replayCommand(
  target: string,
  options: { reportDir?: string; json?: boolean },
): Promise<ExitCode> {
  const file = (await stat(target).catch(() => null))?.isDirectory() ? path.join(target, 'schedule.json') : target;
  const schedule = await readSchedule(file);
  const [scenario] = await loadScenarios([schedule.file]);
  if (!scenario?.chaos)
    throw new UsageError(`${schedule.file} no longer has a chaos block: ${file} cannot be replayed on it`);
  progress(
    `replay ${displayPath(file)} on ${displayPath(schedule.file)}:\n  ${describeSchedule(schedule.faults).join('\n  ')}`,
  );
  const chosen = chooseReporters({ json: options.json });
  const session = await DrillSession.open([scenario.topology.postgres.version], [], {
    ...(options.reportDir ? { reportDir: options.reportDir } : {}),
    reporters: (reportDir) => reporters(chosen, { reportDir, show: displayPath }),
  });
  const { file: _file, faults, ...drawn } = schedule;
  let result: Awaited<ReturnType<ChaosRunner['run']>>;
  try {
    result = await new ChaosRunner(session, scenario).run(faults, drawn);
  } catch (error) {
    session.close();
    throw error;
  }
  await session.end();
  return exitCodeFor([result]);
}

async function readSchedule(file: string): Promise<Schedule> {
  let value: unknown;
  try {
    value = JSON.parse(await readFile(file, 'utf8'));
  } catch (error) {
    throw new UsageError(
      `cannot read a schedule from ${file} (${(error as Error).message}): give a drill's folder from explore or run, or its schedule.json`,
    );
  }
  const schedule = value as Partial<Schedule>;
  if (typeof schedule.file !== 'string' || !Array.isArray(schedule.faults))
    throw new UsageError(`${file} is not a pgdrill schedule: it needs "file" and "faults"`);
  return schedule as Schedule;
}
