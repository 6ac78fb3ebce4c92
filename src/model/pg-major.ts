/**
 * The PostgreSQL majors pgdrill drills: one Debian release each (see compose/node/Dockerfile).
 * Debian ships no 16, so there is none here.
 */
export const PG_MAJORS = [15, 17, 18] as const;
export type PgMajor = (typeof PG_MAJORS)[number];

/** What a scenario without `version` runs: the newest stable major. */
export const DEFAULT_PG_MAJOR: PgMajor = 18;

export function isPgMajor(value: unknown): value is PgMajor {
  return (PG_MAJORS as readonly unknown[]).includes(value);
}
