/**
 * docs/architectures.md: one row per claim the seed documents make, from the latest run of each
 * drill that tests it — the claim, the scenario, whether it held, the measured figure, and for a
 * failure the step that broke, the fix to apply and how its corrected variant fared, and its
 * verdicts on the other PostgreSQL majors it ran on. Pure: the command reads the runs.
 */
import type { Claim } from '../model/model.ts';
import { parseMajorCopy } from '../model/pg-major.ts';
import type { ScenarioResult } from '../result/result.ts';
import { drillStatus } from '../result/verdicts.ts';

const cell = (text: string) => text.replace(/\|/g, '\\|').replace(/\r?\n/g, ' ').trim();

/** The value at `path` in the metrics (`rto.seconds`, `observed.maxLagSeconds.value`), or undefined. */
export function metricAt(metrics: ScenarioResult['metrics'], path: string): unknown {
  let value: unknown = metrics;
  for (const key of path.split('.')) {
    if (value === null || typeof value !== 'object') return undefined;
    value = (value as Record<string, unknown>)[key];
  }
  return value;
}

function figure(result: ScenarioResult, claim: Claim): string {
  if (!claim.figure) return '';
  const value = metricAt(result.metrics, claim.figure);
  const shown =
    value !== null && typeof value === 'object' && 'value' in value ? (value as { value: unknown }).value : value;
  if (shown === undefined) return `${claim.figure}: not in the result`;
  if (shown === null) return `${claim.figure}: not measured`;
  return `${claim.figure} = ${typeof shown === 'number' ? Number(shown.toFixed(3)) : String(shown)}`;
}

const UNVERIFIABLE = '⚪ cannot be verified from the document';

function verdict(result: ScenarioResult): string {
  return drillStatus(result) === 'passed'
    ? '✅ holds'
    : drillStatus(result) === 'failed'
      ? '❌ fails'
      : '⚠️ not judged (the drill errored)';
}

/** The first step that failed, or the first failed expectation: where the claim broke. */
export function brokenAt(result: ScenarioResult): string {
  const step = result.steps.find((s) => s.status === 'failed' || s.status === 'unexpected-success');
  if (step)
    return `step ${step.index + 1} (${step.title}): ${cause(step.error ?? 'was expected to fail but succeeded')}`;
  const expectation = result.expectations.find((e) => !e.passed);
  if (expectation) return `${expectation.name}: expected ${expectation.expected}, got ${String(expectation.actual)}`;
  return result.error ? result.error.message.split('\n')[0]!.slice(0, 400) : '';
}

/** A line where a program says what went wrong (psql and pg_* tools, Python's click, a shell). */
const ERROR_LINE = /\b(ERROR|FATAL|PANIC|error):|\w*Error:|Aborted!|No such file|command not found/;

/**
 * The part of a step's error that says why: the diagnosis after "Why:" when there is one, else
 * the last line that reads as an error, else the last line (a runbook's output ends with what
 * broke, not with what it was doing; psql follows its ERROR with the statement and a caret).
 */
function cause(error: string): string {
  const why = /\bWhy: (.+)$/s.exec(error);
  const lines = error
    .trim()
    .split('\n')
    .filter((l) => l.trim() !== '');
  const last =
    lines
      .slice(1)
      .reverse()
      .find((l) => ERROR_LINE.test(l)) ?? lines.at(-1);
  const text = why ? why[1]! : lines.length > 1 ? `${lines[0]} … ${last}` : (lines[0] ?? '');
  return text.replace(/\s+/g, ' ').slice(0, 400);
}

/** A few run folders by name; many are summarised (each drill of a test suite is a run of its own). */
function runList(runs: string[]): string {
  const names = runs.map((r) => r.split('/').filter(Boolean).at(-1) ?? r);
  return names.length <= 3
    ? `: ${names.map((n) => `\`${n}\``).join(', ')}`
    : ` (${names
        .slice(0, 2)
        .map((n) => `\`${n}\``)
        .join(', ')}, … \`${names.at(-1)}\`)`;
}

/** The newest result per scenario name. */
export function latestByScenario(results: readonly ScenarioResult[]): Map<string, ScenarioResult> {
  const latest = new Map<string, ScenarioResult>();
  for (const r of results) {
    const seen = latest.get(r.scenario);
    if (!seen || seen.startedAt < r.startedAt) latest.set(r.scenario, r);
  }
  return latest;
}

/** A scenario's results by PostgreSQL major (`run --pg` names copies `<scenario>@pg<major>`). */
interface ScenarioByMajor {
  scenario: string;
  /** the major the headline verdict is of: the run without --pg (the file's own), else the oldest major drilled */
  headline: ScenarioResult;
  others: { major: number; result: ScenarioResult }[];
}

/** The major a result ran on: its name's suffix, else the server it reported. */
function majorOf(result: ScenarioResult): number | null {
  const copy = parseMajorCopy(result.scenario);
  if (copy) return copy.major;
  const server = /^(\d+)/.exec(result.harness.postgres ?? '');
  return server ? Number(server[1]) : null;
}

function byMajor(results: readonly ScenarioResult[]): Map<string, ScenarioByMajor> {
  type Group = { own?: ScenarioResult; copies: Map<number, ScenarioResult> };
  const groups = new Map<string, Group>();
  for (const result of latestByScenario(results).values()) {
    const copy = parseMajorCopy(result.scenario);
    const name = copy ? copy.scenario : result.scenario;
    const group: Group = groups.get(name) ?? { copies: new Map() };
    if (copy) group.copies.set(copy.major, result);
    else group.own = result;
    groups.set(name, group);
  }
  const out = new Map<string, ScenarioByMajor>();
  for (const [name, { own, copies }] of groups) {
    const majors = [...copies.keys()].sort((a, b) => a - b);
    const headline = own ?? copies.get(majors[0]!)!;
    const headlineMajor = majorOf(headline);
    const others = majors.filter((m) => m !== headlineMajor).map((major) => ({ major, result: copies.get(major)! }));
    out.set(name, { scenario: name, headline: { ...headline, scenario: name }, others });
  }
  return out;
}

/** `17: ❌ fails at …` for each other major; the why only where the verdict differs from the headline's. */
function otherMajors(entry: ScenarioByMajor): string {
  return entry.others
    .map(({ major, result }) => {
      const differs = drillStatus(result) !== drillStatus(entry.headline);
      const why = differs && drillStatus(result) !== 'passed' ? ` at ${brokenAt(result)}` : '';
      return `${major}: ${verdict(result)}${why}`;
    })
    .join(' · ');
}

export function renderArchitecturesMarkdown(
  results: readonly ScenarioResult[],
  source: { runs: string[]; generatedAt: string },
): string {
  const scenarios = byMajor(results);
  const headlineOf = (name: string) => scenarios.get(name)?.headline;
  const rows = [...scenarios.values()].flatMap((entry) =>
    (entry.headline.claims ?? []).map((claim) => ({ claim, result: entry.headline, entry })),
  );
  rows.sort((a, b) => a.claim.seed.localeCompare(b.claim.seed) || a.result.scenario.localeCompare(b.result.scenario));
  const out: string[] = [
    '# What the seed architectures claim, drilled',
    '',
    `Generated by \`pgdrill architectures\` on ${source.generatedAt} from ${source.runs.length} run(s)${runList(source.runs)}.`,
    'Do not edit by hand: run the library on every major (`npm run drill -- --pg 15,17,18 scenarios/architectures',
    'scenarios/pitr/seed-000-recovery-conf-runbook.yaml`; the runs may also be separate, one per major),',
    'then `npx pgdrill architectures reports/<run-id>… --out docs/architectures.md`.',
    '',
    'Verdicts: ✅ holds (the drill ran what the document gives and the claim held), ❌ fails (it broke; the',
    'step, the fix and the corrected variant follow), ⚪ cannot be verified from the document (the document',
    "names a script or procedure but does not show it, so the drill could only run a stand-in of pgdrill's:",
    'what is missing and how the stand-in fared are given), ⚠️ not judged (the drill itself errored).',
    'The headline verdict is on the PostgreSQL major the scenario names (the seeds state 14 or leave it',
    'open; pgdrill drills them on 15, its nearest); where the runs drilled it on other majors too',
    '(`pgdrill run --pg 15,17,18`), the last column gives their verdicts, and why where they differ.',
    '',
  ];
  if (rows.length === 0) return `${out.join('\n')}No result in these runs declares a claim.\n`;
  const seeds = [...new Set(rows.map((r) => r.claim.seed))];
  for (const seed of seeds) {
    out.push(
      `## ${seed}`,
      '',
      '| Claim | Section | Scenario | Verdict | Measured | Broken step | Fix | Corrected variant | Other PostgreSQL majors |',
      '|---|---|---|---|---|---|---|---|---|',
    );
    for (const { claim, result, entry } of rows.filter((r) => r.claim.seed === seed)) {
      const failed = drillStatus(result) !== 'passed';
      const corrected = claim.correctedBy ? headlineOf(claim.correctedBy) : undefined;
      const correctedCell = claim.correctedBy
        ? `${claim.correctedBy}: ${corrected ? verdict(corrected) : 'not in these runs'}`
        : '';
      if (claim.unverifiable !== undefined) {
        // never ✅ on a stand-in: the verdict is the document's gap, the stand-in's outcome an
        // aside — with where it broke, the fix and the corrected variant when it failed
        const standIn = `not in the document: ${claim.unverifiable}; pgdrill's stand-in ${verdict(result)}${failed ? ` at ${brokenAt(result)}` : ''}`;
        const cells = [
          claim.claim,
          claim.section ?? '',
          `\`${result.scenario}\``,
          UNVERIFIABLE,
          figure(result, claim),
          standIn,
          failed ? (claim.fix ?? '') : '',
          failed ? correctedCell : '',
          otherMajors(entry),
        ];
        out.push(`| ${cells.map(cell).join(' | ')} |`);
        continue;
      }
      const cells = [
        claim.claim,
        claim.section ?? '',
        `\`${result.scenario}\``,
        verdict(result),
        figure(result, claim),
        failed ? brokenAt(result) : '',
        failed ? (claim.fix ?? '') : '',
        correctedCell,
        otherMajors(entry),
      ];
      out.push(`| ${cells.map(cell).join(' | ')} |`);
    }
    out.push('');
  }
  return `${out.join('\n')}\n`;
}
