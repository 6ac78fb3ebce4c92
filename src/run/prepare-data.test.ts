import { describe, expect, it } from 'vitest';
import { roleStatements } from './prepare-data.ts';

describe('roleStatements', () => {
  it("creates a login role that is not a superuser unless asked, owning the workload's database when asked", () => {
    expect(roleStatements('kong', { superuser: false, databaseOwner: true, memberOf: [] }, 'pw')).toEqual({
      before: [`CREATE ROLE "kong" LOGIN NOSUPERUSER PASSWORD 'pw'`],
      // after the data: the database's owner owns its public schema, where app creates the workload table
      after: ['ALTER DATABASE "app" OWNER TO "kong"'],
    });
  });

  it('grants the roles it is a member of, and quotes a quote in the password', () => {
    expect(
      roleStatements('ops', { superuser: true, databaseOwner: false, memberOf: ['pg_monitor', 'app'] }, "a'b"),
    ).toEqual({
      before: [
        `CREATE ROLE "ops" LOGIN SUPERUSER PASSWORD 'a''b'`,
        'GRANT "pg_monitor" TO "ops"',
        'GRANT "app" TO "ops"',
      ],
      after: [],
    });
  });
});
