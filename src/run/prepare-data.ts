/**
 * The team's own roles, then the workload table and the scenario's seed SQL, both owned by the
 * application role.
 */
import { readFile } from 'node:fs/promises';
import type { StartedTopology } from '../topology/runtime.ts';
import pg from 'pg';
import { InfrastructureError, ScenarioError, errorMessage } from '../errors.ts';
import { WORKLOAD_DDL } from '../workload/workload.ts';
import { WORKLOAD_DATABASE } from '../topology/workload-database.ts';
import type { TeamRole } from '../model/model.ts';
import { done, notYet, pollWithin } from '../poll.ts';

const AS_APP = 'SET ROLE app; ';

/**
 * One role's statements: its creation and grants (before the data), and its ownership of the
 * workload's database (after it: the new owner owns the public schema too, where app could then
 * no longer create the workload table). Passwords go in as literals — CREATE ROLE takes no
 * parameters — and are redacted from everything a run writes.
 */
export function roleStatements(name: string, role: TeamRole, password: string): { before: string[]; after: string[] } {
  const ident = `"${name}"`; // the schema allows [a-z0-9_] only: nothing to escape
  const literal = `'${password.replace(/'/g, "''")}'`;
  return {
    before: [
      `CREATE ROLE ${ident} LOGIN ${role.superuser ? 'SUPERUSER' : 'NOSUPERUSER'} PASSWORD ${literal}`,
      ...role.memberOf.map((granted) => `GRANT "${granted}" TO ${ident}`),
    ],
    after: role.databaseOwner ? [`ALTER DATABASE "${WORKLOAD_DATABASE}" OWNER TO ${ident}`] : [],
  };
}

async function runRoleStatements(cluster: StartedTopology, statements: string[]): Promise<void> {
  for (const statement of statements) {
    try {
      await cluster.primary().query(statement, [], WORKLOAD_DATABASE);
    } catch (error) {
      throw new InfrastructureError(
        'PGDRILL_SEED_FAILED',
        `creating topology.postgres.roles failed: ${errorMessage(error)}`,
        {
          cause: error,
          hint: "Check the roles' member_of: each must be app, another of the roles, or a pg_ role.",
        },
      );
    }
  }
}

export async function prepareData(
  cluster: StartedTopology,
  sqlFile?: string,
  roles: { specs: Record<string, TeamRole>; passwords: Record<string, string> } = { specs: {}, passwords: {} },
): Promise<void> {
  const statements = Object.entries(roles.specs).map(([name, role]) =>
    roleStatements(name, role, roles.passwords[name] ?? ''),
  );
  // every role exists before any grant: one role may be granted another
  await runRoleStatements(cluster, [
    ...statements.map((s) => s.before[0]!),
    ...statements.flatMap((s) => s.before.slice(1)),
  ]);
  await createWorkloadData(cluster, sqlFile);
  await runRoleStatements(
    cluster,
    statements.flatMap((s) => s.after),
  );
  await replicasReplayed(cluster);
}

/**
 * The drill starts from replicas that hold the seeded data: until they have replayed it, a
 * replica's first samples measured the seed's load as replay lag (the time since its last
 * replayed commit, from before the seed: 1.2 s on a loaded machine, failing a "< 1 s behind"
 * claim before the drill began). A settle, not a check: a replica that does not get there within
 * a few seconds is the drill's to find.
 */
async function replicasReplayed(cluster: StartedTopology, timeoutMs = 5_000): Promise<void> {
  const { lsn } = await cluster.primary().queryOne<{ lsn: string }>('SELECT pg_current_wal_lsn()::text AS lsn');
  await Promise.all(
    cluster.liveReplicas().map((replica) =>
      pollWithin(
        async () => {
          const row = await replica
            .queryOne<{ replayed: boolean | null }>('SELECT pg_last_wal_replay_lsn() >= $1::pg_lsn AS replayed', [lsn])
            .catch(() => null);
          return row?.replayed ? done(undefined) : notYet('replaying the seed');
        },
        { what: `${replica.name} replaying the seeded data`, timeoutMs, intervalMs: 50 },
      ),
    ),
  );
}

async function createWorkloadData(cluster: StartedTopology, sqlFile?: string): Promise<void> {
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
        message: `PostgreSQL rejected the seed (it runs as the owner of database "app"): ${error.message}`,
      },
    ]);
  }
}
