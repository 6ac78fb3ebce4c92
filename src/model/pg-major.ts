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

/** What initdb does without a checksum flag: PostgreSQL 18 turned data checksums on by default. */
export const initdbChecksumsByDefault = (major: number): boolean => major >= 18;

/** Whether a cluster's nodes run with data checksums: as the scenario says, else as its major's initdb does. */
export function dataChecksumsOf(postgres: { version: number; dataChecksums?: boolean }): boolean {
  return postgres.dataChecksums ?? initdbChecksumsByDefault(postgres.version);
}

/** `run --pg` with several majors names each copy `<scenario>@pg<major>`. */
export const majorCopyName = (scenario: string, major: number): string => `${scenario}@pg${major}`;

/** The scenario and major of a copy's name, or null for a scenario run under its own name. */
export function parseMajorCopy(name: string): { scenario: string; major: number } | null {
  const match = /^(.*)@pg(\d+)$/.exec(name);
  return match ? { scenario: match[1]!, major: Number(match[2]) } : null;
}
