/** The workload table and the scenario's seed SQL, both owned by the application role. */
import { readFile } from 'node:fs/promises';
import type { StartedCluster } from '../topology/cluster.ts';
import { InfrastructureError, errorMessage } from '../errors.ts';
import { WORKLOAD_DATABASE, WORKLOAD_DDL } from '../workload/workload.ts';

export async function prepareData(cluster: StartedCluster, sqlFile?: string): Promise<void> {
  const seed = sqlFile ? await readFile(sqlFile, 'utf8') : '';
  try {
    await cluster.primary().query(`SET ROLE app; ${WORKLOAD_DDL}; ${seed}\n; RESET ROLE`, [], WORKLOAD_DATABASE);
  } catch (error) {
    throw new InfrastructureError('PGDRILL_SEED_FAILED', `seeding ${sqlFile ?? 'the workload table'} failed: ${errorMessage(error)}`, {
      cause: error,
      hint: sqlFile ? `Check ${sqlFile}: it runs as the owner of database "app" on PostgreSQL 15.` : undefined,
    });
  }
}
