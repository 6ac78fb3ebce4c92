/**
 * Choosing scenarios: `--tag` and `--grep`, shared by run and list. A `--tag` value is a tag
 * (`smoke`), a tag's exclusion (`!slow`) or tags that must all be present (`patroni+sync`);
 * several `--tag` options: a scenario matches one of the inclusions (any, when none is given)
 * and none of the exclusions. `--grep` is a regular expression on the name, case-insensitive.
 */
import { UsageError } from '../errors.ts';

export interface Selection {
  tags?: readonly string[];
  grep?: string;
}

interface Choosable {
  name: string;
  tags: readonly string[];
}

/** A predicate for `selection`, checked once (a bad pattern or an empty tag is a usage error). */
export function selector(selection: Selection): (s: Choosable) => boolean {
  const include: string[][] = [];
  const exclude: string[] = [];
  for (const raw of selection.tags ?? []) {
    const value = raw.trim();
    if (value.startsWith('!')) exclude.push(tagName(value.slice(1), raw));
    else include.push(value.split('+').map((t) => tagName(t, raw)));
  }
  let pattern: RegExp | undefined;
  if (selection.grep !== undefined) {
    try {
      pattern = new RegExp(selection.grep, 'i');
    } catch (error) {
      throw new UsageError(
        `--grep ${JSON.stringify(selection.grep)} is not a regular expression: ${(error as Error).message}`,
      );
    }
  }
  return (s) =>
    (include.length === 0 || include.some((all) => all.every((t) => s.tags.includes(t)))) &&
    !exclude.some((t) => s.tags.includes(t)) &&
    (pattern === undefined || pattern.test(s.name));
}

function tagName(tag: string, raw: string): string {
  const name = tag.trim();
  if (!name) throw new UsageError(`--tag ${JSON.stringify(raw)} names no tag (e.g. smoke, '!slow', patroni+sync)`);
  return name;
}

/** `tag(s) smoke, !slow and names matching /kill/` for a message that nothing matched. */
export function describeSelection(selection: Selection): string {
  const parts = [
    ...(selection.tags?.length ? [`tag(s) ${selection.tags.join(', ')}`] : []),
    ...(selection.grep !== undefined ? [`names matching /${selection.grep}/i`] : []),
  ];
  return parts.join(' and ');
}
