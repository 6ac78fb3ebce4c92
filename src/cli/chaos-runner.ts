/**
 * Runs chaos schedules as drills in one session: each schedule becomes the scenario's fixed
 * steps, the drill is named after its place in the session, and its folder keeps the schedule
 * (schedule.json, for `pgdrill replay`) and the scenario file that runs it on its own.
 */
import { readFile } from 'node:fs/promises';
import type { Schedule, ScheduledFault } from '../model/chaos.ts';
import { materialize, writtenSchedule } from '../plan/chaos/materialize.ts';
import { planRun } from '../plan/plan.ts';
import type { ScenarioResult } from '../result/result.ts';
import type { Scenario } from '../scenario/scenario.ts';
import type { DrillSession } from './drill-session.ts';

export class ChaosRunner {
  private drills = 0;
  private text?: Promise<string>;

  constructor(
    private readonly session: DrillSession,
    private readonly scenario: Scenario,
  ) {}

  /** One schedule as one drill, `<scenario>@run<n>`. */
  async run(faults: ScheduledFault[], drawn: { seed?: number } = {}): Promise<ScenarioResult> {
    const name = `${this.scenario.name}@run${++this.drills}`;
    const plan = planRun({ ...materialize(this.scenario, faults), name });
    const schedule: Schedule = { file: this.scenario.file, ...drawn, faults };
    return this.session.run(plan, {
      'schedule.json': `${JSON.stringify(schedule, null, 2)}\n`,
      'scenario-fixed.yaml': await this.written(faults, { ...drawn, name: `${this.scenario.name}-run${this.drills}` }),
    });
  }

  /** The scenario file that runs `faults` as fixed steps, saying where they came from. */
  async written(faults: ScheduledFault[], how: { seed?: number; name: string }): Promise<string> {
    this.text ??= readFile(this.scenario.file, 'utf8');
    const from = `Drawn by pgdrill from ${this.scenario.name}${how.seed === undefined ? '' : ` (seed ${how.seed})`}: its chaos block as fixed steps.`;
    return writtenSchedule(await this.text, this.scenario, faults, {
      name: how.name,
      comment: `${from}\nSave it beside the chaos scenario (its paths are relative to it) to keep it as a regression drill.`,
    });
  }
}
