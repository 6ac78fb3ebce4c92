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

/** `run --pg` with several majors names each copy `<scenario>@pg<major>`. */
export const majorCopyName = (scenario: string, major: number): string => `${scenario}@pg${major}`;

/** The scenario and major of a copy's name, or null for a scenario run under its own name. */
export function parseMajorCopy(name: string): { scenario: string; major: number } | null {
  const match = /^(.*)@pg(\d+)$/.exec(name);
  return match ? { scenario: match[1]!, major: Number(match[2]) } : null;
}
