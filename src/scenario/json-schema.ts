/** The JSON Schema of scenario files, for editors (`# yaml-language-server: $schema=…`) and `pgdrill schema`. */
import { z } from 'zod';
import { scenarioFileSchema } from './schema.ts';

/** JSON Schema (draft 2020-12) of a scenario file as users write it; committed as schema/scenario.schema.json. */
export function scenarioJsonSchema(): object {
  const generated = z.toJSONSchema(scenarioFileSchema, {
    target: 'draft-2020-12',
    io: 'input',
    unrepresentable: 'any',
  });
  const { $schema, ...rest } = generated;
  return {
    $schema,
    title: 'pgdrill scenario',
    description:
      'A pgdrill drill: a PostgreSQL HA topology, the faults and procedures to run against it, and what must hold afterwards.',
    ...rest,
  };
}
