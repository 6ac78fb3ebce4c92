/** `topology.postgres.settings` checked against the scenario's PostgreSQL major's own parameter table. */
import type { Scenario } from './scenario.ts';
import type { ScenarioIssue } from '../errors.ts';
import type { YamlSource } from './yaml-source.ts';
import { parameterTable } from './pg-parameters/index.ts';
import { settingProblem } from './pg-parameters/setting-value.ts';

export function checkSettings({ topology }: Scenario, source: YamlSource): ScenarioIssue[] {
  const { version, settings } = topology.postgres;
  const table = parameterTable(version);
  if (table === undefined) return [];
  const issues: ScenarioIssue[] = [];
  for (const [name, value] of Object.entries(settings)) {
    const problem = settingProblem(table, version, name, String(value));
    if (problem === null) continue;
    const unknownName = table[name.toLowerCase()] === undefined;
    issues.push(source.issue(['topology', 'postgres', 'settings', name], problem, unknownName ? 'key' : 'value'));
  }
  return issues;
}
