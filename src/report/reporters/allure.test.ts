import { mkdtemp, readFile, readdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { allureReporter } from './allure.ts';
import { ERRORED, FAILED, FAILED_SOURCE, PASSED, makeInvalidRun, outcomeOf } from './test-run.ts';

/** The fields of an Allure *-result.json these tests read. */
interface AllureJson {
  name: string;
  fullName: string;
  status: string;
  start: number;
  stop: number;
  statusDetails: { message?: string; trace?: string };
  steps: { name: string; status: string }[];
  labels: { name: string; value: string }[];
  attachments: { type: string; source: string }[];
}

async function results(dir: string): Promise<AllureJson[]> {
  const files = (await readdir(dir)).filter((f) => f.endsWith('-result.json'));
  return Promise.all(files.map(async (f) => JSON.parse(await readFile(path.join(dir, f), 'utf8'))));
}

describe('Allure reporter', () => {
  it('writes one result per scenario as it ends, with its status, failures, steps and result.json', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'pgdrill-allure-'));
    const r = allureReporter(dir, '/work');
    await r.onScenarioEnd?.(outcomeOf(PASSED));
    await r.onScenarioEnd?.(outcomeOf(FAILED, FAILED_SOURCE));
    await r.onScenarioEnd?.(outcomeOf(ERRORED));
    const byName = Object.fromEntries((await results(dir)).map((t) => [t.name, t]));
    expect(Object.keys(byName).sort()).toEqual(['kill-primary', 'lag-replica', 'partition']);
    expect(byName['kill-primary']!.status).toBe('passed');
    expect(byName['kill-primary']!.fullName).toBe('scenarios/kill-primary.yaml#kill-primary');
    expect(byName['kill-primary']!.stop - byName['kill-primary']!.start).toBe(12_345);
    const failed = byName['lag-replica']!;
    expect(failed.status).toBe('failed');
    expect(failed.statusDetails.message).toContain('rpo.lostTransactions: expected <= 0 writes, actual 3');
    expect(failed.statusDetails.trace).toContain('scenarios/lag-replica.yaml:22: step 2 wait converged FAILED');
    expect(failed.steps.map((s) => `${s.name} ${s.status}`)).toEqual(['1. wait 5s passed', '2. wait converged failed']);
    expect(failed.labels).toContainEqual({ name: 'suite', value: 'scenarios/lag-replica.yaml' });
    const attachment = failed.attachments[0]!;
    expect(attachment.type).toBe('application/json');
    expect(JSON.parse(await readFile(path.join(dir, attachment.source), 'utf8')).scenario).toBe('lag-replica');
    expect(byName.partition!.status).toBe('broken');
  });

  it('writes an invalid file as broken and the unrun ones as skipped', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'pgdrill-allure-'));
    await allureReporter(dir, '/work').onEnd?.(makeInvalidRun());
    const byName = Object.fromEntries((await results(dir)).map((t) => [t.name, t]));
    expect(byName['scenarios/bad.yaml']!.status).toBe('broken');
    expect(byName['scenarios/bad.yaml']!.statusDetails.trace).toContain('/work/scenarios/bad.yaml:8:12 steps[1].fault');
    expect(byName['scenarios/good.yaml']!.status).toBe('skipped');
  });
});
