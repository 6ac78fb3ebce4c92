// Writes src/scenario/pg-parameters/pgNN.ts: PostgreSQL NN's own parameter table (pg_settings:
// type, unit, range, enum values, context), read from the node image, so that a scenario's
// `settings:` are checked before any container starts.
//   npx tsx scripts/pg-parameters.ts 15
import { writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { execa } from 'execa';
import { nodeImageName } from '../src/setup/node-image.ts';
import type { PgMajor } from '../src/model/pg-major.ts';
import { readParameterTable, renderParameterModule } from './pg-parameters-table.ts';

const major = Number(process.argv[2] ?? 15) as PgMajor;
const table = await readParameterTable(major, await nodeImageName(major));
const file = fileURLToPath(new URL(`../src/scenario/pg-parameters/pg${major}.ts`, import.meta.url));
await writeFile(file, renderParameterModule(major, table));
await execa('npx', ['biome', 'format', '--write', file]);
console.log(`${file}: ${Object.keys(table).length} parameters`);
