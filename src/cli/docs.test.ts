/**
 * The user's documentation says what the code does: the contract's example scenario in
 * docs/scenario-format.md is the one the scenario tests break key by key, and README.md keeps the
 * two commands CI and users copy from it.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { EXAMPLE_YAML } from '../scenario/test-example.ts';

const read = (file: string) => readFileSync(new URL(`../../${file}`, import.meta.url), 'utf8');

describe('user documentation', () => {
  it('docs/scenario-format.md holds the example scenario the tests use, verbatim', () => {
    const doc = read('docs/scenario-format.md');
    expect(doc).toContain(`\`\`\`yaml\n${EXAMPLE_YAML.trimEnd()}\n\`\`\``);
  });

  it('README.md gives the two commands exactly', () => {
    const readme = read('README.md');
    expect(readme).toContain('```sh\nnpm run drill -- scenarios/failover/kill-primary.yaml\n```');
    expect(readme).toContain('```sh\nnpm test\n```');
  });

  it('README.md shows a report screenshot that exists and links the docs', () => {
    const readme = read('README.md');
    const links = [...readme.matchAll(/\]\((docs\/[^)#]+|schema\/[^)#]+)\)/g)].map((m) => m[1]!);
    expect(links).toEqual(expect.arrayContaining(['docs/report.png', 'docs/cli.md', 'docs/result.md']));
    for (const link of links.filter((l) => l !== 'docs/scenario-steps.md'))
      expect(() => read(link), link).not.toThrow();
  });
});
