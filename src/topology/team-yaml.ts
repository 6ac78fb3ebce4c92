/** A team's YAML file its component cannot read: a finding about the file (exit 1), in one wording. */
import { TeamConfigError } from '../errors.ts';
import type { YamlMapping } from '../model/team-file.ts';

export function unreadable(
  parsed: Exclude<YamlMapping, { doc: unknown }>,
  name: string,
  component: string,
  kind: string,
): TeamConfigError {
  if (parsed.problem === 'not-a-mapping')
    return new TeamConfigError(`${name} is not ${kind}: it holds no YAML mapping`);
  const where = parsed.line === undefined ? '' : ` at line ${parsed.line}`;
  return new TeamConfigError(`${component} cannot read ${name}${where}: ${parsed.message}`);
}
