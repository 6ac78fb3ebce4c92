/**
 * Where a scenario's steps and expectations stand in its file, for reporters that point at a
 * line (GitHub annotations, JUnit and TAP diagnostics). Steps carry their position from loading;
 * an expectation's is its key under `expect`, found in the file read again (it was valid a moment
 * ago; should it be unreadable now, expectations' positions are simply left out).
 */
import { readFile } from 'node:fs/promises';
import type { ScenarioSource } from '../report/reporters/reporter.ts';
import type { Scenario } from '../scenario/scenario.ts';
import { type YamlSource, readYamlSource } from '../scenario/yaml-source.ts';

export interface SourceLocator {
  /** positions for these expectation names (dotted, as in result.json) */
  sourceFor(expectationNames: string[]): ScenarioSource;
}

/** Whether the plain YAML value holds `path` (locate() would otherwise point at the nearest parent). */
function holds(value: unknown, path: string[]): boolean {
  let node = value;
  for (const key of path) {
    if (node === null || typeof node !== 'object' || !Object.hasOwn(node, key)) return false;
    node = (node as Record<string, unknown>)[key];
  }
  return true;
}

export async function locateScenario(scenario: Scenario): Promise<SourceLocator> {
  const yaml: YamlSource | null = await readFile(scenario.file, 'utf8')
    .then((text) => readYamlSource(text.replace(/^\uFEFF/, ''), scenario.file))
    .catch(() => null);
  const steps = scenario.steps.map((s) => s.at);
  return {
    sourceFor(names) {
      const expectations: ScenarioSource['expectations'] = {};
      for (const name of names) {
        const path = ['expect', ...name.split('.')];
        // a step's own expectation (a restore's, a PITR's) is not under `expect`: its step's line says where
        if (yaml && holds(yaml.value, path)) expectations[name] = yaml.locate(path, 'key');
      }
      return { file: scenario.file, steps, expectations };
    },
  };
}
