/**
 * Scenario files → resolved scenarios. Every problem becomes a ScenarioError naming
 * file:line:column and the key; all of a file's problems are reported at once.
 */
import { ScenarioError, UsageError, type ScenarioIssue } from '../errors.ts';
import type { SourcePosition } from '../model/model.ts';
import { type PgMajor, majorCopyName } from '../model/pg-major.ts';
import type { Scenario } from './scenario.ts';
import { scenarioFileSchema } from './schema.ts';
import { readYamlSource, type YamlSource } from './yaml-source.ts';
import { keyIssues } from './zod-issues.ts';
import { describeValue, isRecord, scenarioErrorMessage } from './zod-messages.ts';
import { resolveScenario } from './resolve.ts';
import { checkTargets } from './check-targets.ts';
import { checkConsistency } from './check-consistency.ts';
import { checkChaos } from './check-chaos.ts';
import { checkSettings } from './check-settings.ts';
import { redactSecrets } from '../redact.ts';
import { NotRegularFileError, openRegularFile } from '../regular-file.ts';
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
 * order). Problems in all files, and scenario names used twice, are reported together. With
 * `majors` (`pgdrill run --pg 15,17,18`), each runs on each of those PostgreSQL majors whatever
 * its `version` says, checked for that major as if the file said it; with more than one, each
 * copy's name ends in `@pg<major>`.
 */
export async function loadScenarios(paths: string[], majors?: readonly PgMajor[]): Promise<Scenario[]> {
  const files = [...new Set((await Promise.all(paths.map(scenarioFilesIn))).flat())];
  const issues: ScenarioIssue[] = [];
  const loaded: { scenario: Scenario; namePosition: SourcePosition }[] = [];
  for (const file of files) {
    const text = await readScenarioText(file);
    for (const major of majors ?? [undefined]) {
      try {
        const override = major === undefined ? undefined : { major, suffix: (majors?.length ?? 0) > 1 };
        const { scenario, source } = parseWithSource(text, file, override);
        loaded.push({ scenario, namePosition: source.locate(['name']) });
      } catch (error) {
        if (!(error instanceof ScenarioError)) throw error;
        issues.push(...error.issues);
      }
    }
  }
  issues.push(...duplicateNames(loaded));
  if (issues.length > 0) throw new ScenarioError(issues);
  return loaded.map(({ scenario }) => scenario);
}

/** `--pg`: the major a scenario runs on instead of its own, and whether its name says so. */
interface MajorOverride {
  major: PgMajor;
  suffix: boolean;
}

function parseWithSource(
  text: string,
  file: string,
  override?: MajorOverride,
): { scenario: Scenario; source: YamlSource } {
  const source = readYamlSource(text.replace(/^\uFEFF/, ''), file);
  if (source.syntaxIssues.length > 0) throw new ScenarioError(source.syntaxIssues);
  try {
    return validateSource(source, override);
  } catch (error) {
    // an error may quote a value the file holds, a password too (a node named like one, a
    // pasted conninfo): its messages are printed and go into JUnit, Allure and annotations
    if (!(error instanceof ScenarioError)) throw error;
    const passwords = writtenPasswords(source.value);
    if (passwords.length === 0) throw error;
    throw new ScenarioError(error.issues.map((i) => ({ ...i, message: redactSecrets(i.message, passwords) })));
  }
}

/** The passwords a scenario file writes under topology.postgres.passwords, valid or not. */
function writtenPasswords(value: unknown): string[] {
  const passwords =
    isRecord(value) && isRecord(value.topology) && isRecord(value.topology.postgres)
      ? value.topology.postgres.passwords
      : undefined;
  return isRecord(passwords) ? Object.values(passwords).filter((p): p is string => typeof p === 'string') : [];
}

function validateSource(source: YamlSource, override?: MajorOverride): { scenario: Scenario; source: YamlSource } {
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

  const own = resolveScenario(parsed.data, source);
  const moved = onMajor(own, override);
  // --pg: a setting the file's own major takes and this one refuses is what the run is to find out
  const refused = moved === own ? [] : movedOnly(checkSettings(moved, source), checkSettings(own, source));
  const scenario = refused.length
    ? {
        ...moved,
        refusedSettings: refused.map((i) => ({
          setting: i.path.replace(/^topology\.postgres\.settings\./, ''),
          why: i.message,
        })),
      }
    : moved;
  // A copy is held to what the file says for its own major; what only the other major refuses (a
  // setting, an incremental pg_basebackup on 15) is left for the run to meet, with the tool's words.
  const issues = [...checkTargets(own, source), ...checkConsistency(own, source), ...checkChaos(own, source)];
  if (issues.length > 0) throw new ScenarioError(inFileOrder(issues));
  return { scenario, source };
}

/** The issues of `moved` at a key where `own` has none: a setting wrong on its own major stays an error. */
function movedOnly(moved: ScenarioIssue[], own: ScenarioIssue[]): ScenarioIssue[] {
  const ownPaths = new Set(own.map((i) => i.path));
  return moved.filter((i) => !ownPaths.has(i.path));
}

function onMajor(scenario: Scenario, override: MajorOverride | undefined): Scenario {
  if (!override) return scenario;
  const { major, suffix } = override;
  const { topology } = scenario;
  return {
    ...scenario,
    name: suffix ? majorCopyName(scenario.name, major) : scenario.name,
    topology: { ...topology, postgres: { ...topology.postgres, version: major } },
  };
}

/** A scenario is a page or two of YAML; anything this large is not one. */
export const MAX_SCENARIO_BYTES = 1024 * 1024;

/**
 * The file's text, refused with a UsageError (exit 2) when it is not a regular file (a FIFO
 * would block the read for ever, a device never end), is too large, or is not UTF-8 text.
 * Opened without blocking and checked on the open handle, so a file swapped for a FIFO after
 * the folder was listed is refused too.
 */
async function readScenarioText(file: string): Promise<string> {
  const refuse = (why: string, cause?: unknown) =>
    new UsageError(`cannot read scenario ${file}: ${why}`, cause === undefined ? undefined : { cause });
  let opened: Awaited<ReturnType<typeof openRegularFile>>;
  try {
    opened = await openRegularFile(file);
  } catch (error) {
    if (error instanceof NotRegularFileError) throw refuse(`is ${error.kind}, not a regular file`);
    const code = (error as NodeJS.ErrnoException).code;
    throw refuse(READ_ERRORS[code ?? ''] ?? (error as Error).message, error);
  }
  const { handle, info } = opened;
  try {
    if (info.size > MAX_SCENARIO_BYTES)
      throw refuse(`is ${(info.size / 1024 / 1024).toFixed(1)} MB; a scenario file is at most 1 MB`);
    return decodeScenarioText(await handle.readFile(), refuse);
  } catch (error) {
    if (error instanceof UsageError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    throw refuse(READ_ERRORS[code ?? ''] ?? (error as Error).message, error);
  } finally {
    await handle.close();
  }
}

const READ_ERRORS: Record<string, string> = {
  ENOENT: 'no such file',
  EISDIR: 'is a directory',
  EACCES: 'permission denied',
  EPERM: 'permission denied',
};

/** UTF-8, with or without its BOM; UTF-16 and binary files are named as such, not parsed as garbage. */
export function decodeScenarioText(bytes: Uint8Array, refuse: (why: string) => Error): string {
  const [a, b] = bytes;
  if ((a === 0xff && b === 0xfe) || (a === 0xfe && b === 0xff))
    throw refuse('is UTF-16 text; save it as UTF-8 (most editors: "Save with encoding")');
  try {
    const text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    if (text.includes('\u0000')) throw refuse('holds NUL bytes: it is not a text file (UTF-8 YAML expected)');
    return text;
  } catch (error) {
    if (!(error instanceof TypeError)) throw error;
    throw refuse('is not UTF-8 text (UTF-8 YAML expected; is it UTF-16 without a BOM, Latin-1 or binary?)');
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
