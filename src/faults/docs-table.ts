/**
 * docs/scenario-steps.md, the table of fault kinds, written from the registry: a kind's keys,
 * whether each is required, what it means and its default come from its schema fragment, so the
 * docs cannot drift from what the loader accepts. Regenerate with
 * `npx tsx scripts/scenario-steps-docs.ts > docs/scenario-steps.md` (a unit test compares).
 */
import { z } from 'zod';
import { targetSchema } from '../scenario/schema-primitives.ts';
import { FAULT_DESCRIPTORS } from './registry.ts';

/** Keys every fault step has, told once above the table rather than in every row. */
const COMMON_KEYS = new Set(['fault', 'expectFailure']);

export function scenarioStepsMarkdown(): string {
  const rows = FAULT_DESCRIPTORS.map((d) => {
    const shape = (d.schema as unknown as z.ZodObject).shape as Record<string, z.ZodType>;
    const keys = Object.entries(shape)
      .filter(([key]) => !COMMON_KEYS.has(key))
      .map(([key, schema]) => {
        const required = !schema.safeParse(undefined).success;
        // what a node reference is, the text above the table says once
        const told = schema.description === undefined || schema.description === targetSchema.description;
        const description = told ? '' : `: ${schema.description}`;
        return `\`${key}\`${required ? ' (required)' : ''}${description}`;
      });
    return `| \`${d.kind}\` | ${cell(d.summary)} | ${keys.map(cell).join('<br>') || '—'} | \`${d.example}\` |`;
  });
  return [
    '# Scenario steps: faults',
    '',
    '<!-- generated from src/faults/registry.ts by scripts/scenario-steps-docs.ts; do not edit -->',
    '',
    'Every fault step is a mapping with `fault: KIND`, the keys of its kind, and optionally',
    '`expectFailure: true` (the step is expected to fail; its failure then does not fail the drill).',
    'Any other key is an error. A node is a role (`primary`, `replica`, `replica-N`) or a node name',
    '(`pg-N`, `etcd-N`, `pgbouncer`, `haproxy`).',
    '',
    '| fault | what it does | keys | example |',
    '| --- | --- | --- | --- |',
    ...rows,
    '',
  ].join('\n');
}

/** Text fit for one Markdown table cell. */
function cell(text: string): string {
  return text.replaceAll('|', '\\|').replaceAll('\n', ' ');
}
