/**
 * docs/scenario-steps.md, the tables of fault and procedure kinds, written from the registries:
 * a kind's keys, whether each is required, what it means and its default come from its schema
 * fragment, so the docs cannot drift from what the loader accepts. Regenerate with
 * `npx tsx scripts/scenario-steps-docs.ts > docs/scenario-steps.md` (a unit test compares).
 */
import type { z } from 'zod';
import { FAULT_DESCRIPTORS } from '../faults/registry.ts';
import { PROCEDURE_DESCRIPTORS } from '../procedures/registry.ts';
import { targetSchema } from '../model/schema-primitives.ts';

/** What a docs row needs of a descriptor. */
interface Documented {
  kind: string;
  summary: string;
  schema: z.ZodType;
  example?: string;
}

export function scenarioStepsMarkdown(): string {
  return [
    '# Scenario steps',
    '',
    '<!-- generated from src/faults/registry.ts and src/procedures/registry.ts by scripts/scenario-steps-docs.ts; do not edit -->',
    '',
    'Every step may also say `expectFailure: true` (the step is expected to fail; its failure then',
    'does not fail the drill). Any other key is an error. A node is a role (`primary`, `replica`,',
    '`replica-N`) or a node name (`pg-N`, `etcd-N`, `pgbouncer`, `haproxy`).',
    '',
    '## Faults',
    '',
    '| fault | what it does | keys | example |',
    '| --- | --- | --- | --- |',
    ...FAULT_DESCRIPTORS.map((d) => row(d, 'fault')),
    '',
    '## Procedures',
    '',
    '| procedure | what it does | keys |',
    '| --- | --- | --- |',
    ...PROCEDURE_DESCRIPTORS.map((d) => row(d, 'procedure')),
    '',
  ].join('\n');
}

function row(d: Documented, marker: 'fault' | 'procedure'): string {
  const shape = (d.schema as unknown as z.ZodObject).shape as Record<string, z.ZodType>;
  const keys = Object.entries(shape)
    .filter(([key]) => key !== marker && key !== 'expectFailure')
    .map(([key, schema]) => {
      const required = !schema.safeParse(undefined).success;
      // what a node reference is, the text above the tables says once
      const told = schema.description === undefined || schema.description === targetSchema.description;
      return `\`${key}\`${required ? ' (required)' : ''}${told ? '' : `: ${schema.description}`}`;
    });
  const cells = [`\`${d.kind}\``, cell(d.summary), keys.map(cell).join('<br>') || '—'];
  if (d.example !== undefined) cells.push(`\`${d.example}\``);
  return `| ${cells.join(' | ')} |`;
}

/** Text fit for one Markdown table cell. */
function cell(text: string): string {
  return text.replaceAll('|', '\\|').replaceAll('\n', ' ');
}
