/**
 * The command line's input side under random damage: mutated scenario files and file-system
 * specials go through what `pgdrill validate` runs and through `pgdrill run` up to its plan (the
 * last stage before Docker). Every case ends in exit 0 or exit 2 with the file named (and, for a
 * scenario's content, file:line:col), within a bound — never another exception, never a hang.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { ScenarioError, UsageError } from '../errors.ts';
import { EXAMPLE_YAML } from '../scenario/test-example.ts';
import { validateCommand } from './commands.ts';
import { loadAndPlan } from './run-command.ts';

const work = mkdtempSync(path.join(tmpdir(), 'pgdrill-fuzz-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));
vi.spyOn(process.stdout, 'write').mockImplementation(() => true); // validate prints ✔ lines

/** Generous: a case takes milliseconds; the bound catches a hang or a runaway, not slowness. */
const CASE_MS = 5_000;
let caseNo = 0;
const fresh = () => path.join(work, `case-${++caseNo}`);

type Outcome = { exit: 0 } | { exit: 2; message: string };

/** What `pgdrill validate` runs, and what `pgdrill run` runs before it needs Docker. */
const STAGES: [string, (target: string) => Promise<void>][] = [
  ['validate', async (target) => void (await validateCommand([target]))],
  [
    'run (up to its plan)',
    async (target) => {
      const loaded = await loadAndPlan([target], undefined);
      if (!loaded.ok) throw new ScenarioError(loaded.issues);
    },
  ],
];

/** Runs `stage` and maps its outcome to the exit code the CLI would give; any other error fails the test. */
async function outcome(stage: () => Promise<void>): Promise<Outcome> {
  try {
    await stage();
    return { exit: 0 };
  } catch (error) {
    if (error instanceof ScenarioError) {
      for (const issue of error.issues) {
        expect(issue.position.line).toBeGreaterThanOrEqual(1);
        expect(issue.position.column).toBeGreaterThanOrEqual(1);
      }
      return { exit: 2, message: error.message };
    }
    if (error instanceof UsageError) return { exit: 2, message: error.message };
    throw error;
  }
}

/** Both entry points end in 0 or an exit 2 naming `target` (positioned for content), in time. */
async function expectContract(target: string, expected?: 2): Promise<void> {
  for (const [name, stage] of STAGES) {
    const started = performance.now();
    const result = await outcome(() => stage(target));
    expect(performance.now() - started, name).toBeLessThan(CASE_MS);
    if (expected !== undefined) expect(result.exit, name).toBe(expected);
    if (result.exit === 2) expect(result.message, name).toContain(target);
  }
}

const textDamage = fc.oneof(
  fc.record({ kind: fc.constant('truncate' as const), at: fc.nat() }),
  fc.record({ kind: fc.constant('duplicate' as const), line: fc.nat(), times: fc.integer({ min: 1, max: 3 }) }),
  fc.record({ kind: fc.constant('splice' as const), at: fc.nat(), text: fc.string({ maxLength: 12 }) }),
  fc.record({ kind: fc.constant('bytes' as const), at: fc.nat(), bytes: fc.uint8Array({ maxLength: 4 }) }),
);
type Damage = typeof textDamage extends fc.Arbitrary<infer T> ? T : never;

function damage(text: Buffer, d: Damage): Buffer {
  const at = (n: number) => n % (text.length + 1);
  switch (d.kind) {
    case 'truncate':
      return text.subarray(0, at(d.at));
    case 'duplicate': {
      const lines = text.toString('utf8').split('\n');
      const i = d.line % lines.length;
      lines.splice(i, 0, ...Array<string>(d.times).fill(lines[i] ?? ''));
      return Buffer.from(lines.join('\n'));
    }
    case 'splice':
      return Buffer.concat([text.subarray(0, at(d.at)), Buffer.from(d.text), text.subarray(at(d.at))]);
    case 'bytes':
      return Buffer.concat([text.subarray(0, at(d.at)), Buffer.from(d.bytes), text.subarray(at(d.at))]);
  }
}

/** Things a path on the command line can be besides a good scenario file. */
const SPECIALS: [string, (target: string) => void][] = [
  ['an empty file', (t) => writeFileSync(t, '')],
  ['a named pipe', (t) => execFileSync('mkfifo', [t])],
  ['a symlink to /dev/zero', (t) => symlinkSync('/dev/zero', t)],
  ['a dangling symlink', (t) => symlinkSync(path.join(work, 'nowhere'), t)],
  ['an empty folder', (t) => mkdirSync(t)],
  ['a folder without scenarios', (t) => (mkdirSync(t), writeFileSync(path.join(t, 'notes.txt'), 'hi'))],
  ['a folder holding a named pipe', (t) => (mkdirSync(t), execFileSync('mkfifo', [path.join(t, 'p.yaml')]))],
  [
    'UTF-16 text',
    (t) => writeFileSync(t, Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(EXAMPLE_YAML, 'utf16le')])),
  ],
  ['a file over 1 MB', (t) => writeFileSync(t, `${EXAMPLE_YAML}#${'x'.repeat(1_100_000)}\n`)],
  ['deep nesting', (t) => writeFileSync(t, `name: deep\ntopology: ${'['.repeat(20_000)}${']'.repeat(20_000)}\n`)],
  ['a path that does not exist', () => {}],
];

describe('the command line input side (validate, and run up to its plan)', () => {
  it.each(SPECIALS)('%s: exit 2 naming it, at once', { timeout: 60_000 }, async (_, make) => {
    const target = `${fresh()}.yaml`;
    make(target);
    await expectContract(target, 2);
  });

  it('the contract example, damaged at random, as a file and inside a folder', { timeout: 300_000 }, async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(textDamage, { minLength: 1, maxLength: 3 }),
        fc.boolean(),
        async (damages, inFolder) => {
          const bytes = damages.reduce(damage, Buffer.from(EXAMPLE_YAML));
          const folder = fresh();
          mkdirSync(folder);
          const file = path.join(folder, 'scenario.yaml');
          writeFileSync(file, bytes);
          await expectContract(inFolder ? folder : file);
        },
      ),
      { numRuns: 150 },
    );
  });
});
