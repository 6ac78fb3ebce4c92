/** The workload table and the scenario's seed SQL, both owned by the application role. */
import { readFile } from 'node:fs/promises';
import type { StartedTopology } from '../topology/runtime.ts';
import pg from 'pg';
import { InfrastructureError, ScenarioError, errorMessage } from '../errors.ts';
import { WORKLOAD_DDL } from '../workload/workload.ts';
import { WORKLOAD_DATABASE } from '../topology/workload-database.ts';

const AS_APP = 'SET ROLE app; ';

export async function prepareData(cluster: StartedTopology, sqlFile?: string): Promise<void> {
  const primary = cluster.primary();
  try {
    await primary.query(`${AS_APP}${WORKLOAD_DDL}; RESET ROLE`, [], WORKLOAD_DATABASE);
  } catch (error) {
    throw new InfrastructureError('PGDRILL_SEED_FAILED', `creating the workload table failed: ${errorMessage(error)}`, {
      cause: error,
    });
  }
  if (!sqlFile) return;
  const seed = await readFile(sqlFile, 'utf8');
  try {
    await primary.query(`${AS_APP}${seed}\n; RESET ROLE`, [], WORKLOAD_DATABASE);
  } catch (error) {
    if (!(error instanceof pg.DatabaseError)) throw error;
    // The seed is part of the scenario: its error is the user's to fix (exit 2), at its line.
    const offset = Math.max(0, Number(error.position ?? 1) - 1 - AS_APP.length);
    const before = seed.slice(0, offset).split('\n');
    throw new ScenarioError([
      {
        position: { file: sqlFile, line: before.length, column: (before.at(-1)?.length ?? 0) + 1 },
        path: '',
        message: `PostgreSQL 15 rejected the seed (it runs as the owner of database "app"): ${error.message}`,
      },
    ]);
  }
}
