/**
 * Scenario files → resolved scenarios. Every problem becomes a ScenarioError naming
 * file:line:column and the key; all of a file's problems are reported at once.
 */
import { readFile } from 'node:fs/promises';
import { ScenarioError, UsageError, type ScenarioIssue } from '../errors.ts';
import type { SourcePosition } from '../model/model.ts';
import type { Scenario } from './scenario.ts';
import { scenarioFileSchema } from './schema.ts';
import { readYamlSource, type YamlSource } from './yaml-source.ts';
import { keyIssues } from './zod-issues.ts';
import { describeValue, isRecord, scenarioErrorMessage } from './zod-messages.ts';
import { resolveScenario } from './resolve.ts';
import { checkTargets } from './check-targets.ts';
import { checkConsistency } from './check-consistency.ts';
import { scenarioFilesIn } from './scenario-files.ts';

/** Parses and validates one scenario; `file` locates errors and resolves relative paths. Throws ScenarioError. */
export function parseScenario(text: string, file: string): Scenario {
  return parseWithSource(text, file).scenario;
}

/** Reads, parses and validates one scenario file. Throws ScenarioError, or UsageError when it cannot be read. */
export async function loadScenario(file: string): Promise<Scenario> {
  return parseScenario(await readScenarioText(file), file);
}

/**
 * Loads scenario files and directories (every *.yaml / *.yml beneath, recursively, in path
 * order). Problems in all files, and scenario names used twice, are reported together.
 */
export async function loadScenarios(paths: string[]): Promise<Scenario[]> {
  const files = [...new Set((await Promise.all(paths.map(scenarioFilesIn))).flat())];
  const issues: ScenarioIssue[] = [];
  const loaded: { scenario: Scenario; namePosition: SourcePosition }[] = [];
  for (const file of files) {
    try {
      const { scenario, source } = parseWithSource(await readScenarioText(file), file);
      loaded.push({ scenario, namePosition: source.locate(['name']) });
    } catch (error) {
      if (!(error instanceof ScenarioError)) throw error;
      issues.push(...error.issues);
    }
  }
  issues.push(...duplicateNames(loaded));
  if (issues.length > 0) throw new ScenarioError(issues);
  return loaded.map(({ scenario }) => scenario);
}

function parseWithSource(text: string, file: string): { scenario: Scenario; source: YamlSource } {
  const source = readYamlSource(text.replace(/^\uFEFF/, ''), file);
  if (source.syntaxIssues.length > 0) throw new ScenarioError(source.syntaxIssues);
  const { value } = source;
  if (value === undefined || value === null) {
    throw new ScenarioError([
      source.issue([], 'the file holds no scenario: it needs at least name, topology and steps'),
    ]);
  }
  if (!isRecord(value) || Object.getPrototypeOf(value) !== Object.prototype) {
    throw new ScenarioError([
      source.issue([], `a scenario is a mapping of keys (name, topology, steps, …), not ${describeValue(value)}`),
    ]);
  }

  const parsed = scenarioFileSchema.safeParse(value, { error: scenarioErrorMessage });
  if (!parsed.success) {
    const issues = keyIssues(scenarioFileSchema, value, parsed.error.issues);
    throw new ScenarioError(inFileOrder(issues.map((issue) => source.issue(issue.path, issue.message, issue.anchor))));
  }

  const scenario = resolveScenario(parsed.data, source);
  const issues = [...checkTargets(scenario, source), ...checkConsistency(scenario, source)];
  if (issues.length > 0) throw new ScenarioError(inFileOrder(issues));
  return { scenario, source };
}

async function readScenarioText(file: string): Promise<string> {
  try {
    return await readFile(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a directory' : (error as Error).message;
    throw new UsageError(`cannot read scenario ${file}: ${why}`, { cause: error });
  }
}

function duplicateNames(loaded: { scenario: Scenario; namePosition: SourcePosition }[]): ScenarioIssue[] {
  const first = new Map<string, SourcePosition>();
  const issues: ScenarioIssue[] = [];
  for (const { scenario, namePosition } of loaded) {
    const earlier = first.get(scenario.name);
    if (earlier === undefined) {
      first.set(scenario.name, namePosition);
    } else {
      const where = `${earlier.file}:${earlier.line}:${earlier.column}`;
      issues.push({
        position: namePosition,
        path: 'name',
        message: `scenario name ${JSON.stringify(scenario.name)} is already used by ${where}`,
      });
    }
  }
  return issues;
}

function inFileOrder(issues: ScenarioIssue[]): ScenarioIssue[] {
  return [...issues].sort((a, b) => a.position.line - b.position.line || a.position.column - b.position.column);
}
