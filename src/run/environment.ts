/**
 * Who or what ran a drill, and the versions of everything in the node image: an auditor must be
 * able to tell which software a verdict is about and where the run came from.
 */
import { hostname, userInfo } from 'node:os';
import type { PostgresMember } from '../topology/runtime.ts';
import type { RunEnvironment } from '../result/result.ts';

/** The CI job's URL from the variables CI systems set (GitHub Actions, GitLab CI, Jenkins, Buildkite); null elsewhere. */
export function ciJobUrl(env: NodeJS.ProcessEnv): string | null {
  if (env.GITHUB_SERVER_URL && env.GITHUB_REPOSITORY && env.GITHUB_RUN_ID) {
    return `${env.GITHUB_SERVER_URL}/${env.GITHUB_REPOSITORY}/actions/runs/${env.GITHUB_RUN_ID}`;
  }
  return env.CI_JOB_URL ?? env.BUILD_URL ?? env.BUILDKITE_BUILD_URL ?? null;
}

export function ranBy(env: NodeJS.ProcessEnv = process.env): Pick<RunEnvironment, 'ranBy' | 'ciJobUrl'> {
  const url = ciJobUrl(env);
  if (url) return { ranBy: url, ciJobUrl: url };
  let user = 'unknown';
  try {
    user = userInfo().username;
  } catch {
    // no passwd entry (some containers): the host still says where it ran
  }
  return { ranBy: `${user}@${hostname()}`, ciJobUrl: null };
}

/** `name=version` lines, as the image writes them to /etc/pgdrill/versions. */
export function parseVersions(text: string): Record<string, string | null> {
  const versions: Record<string, string | null> = {};
  for (const line of text.split('\n')) {
    const m = /^([a-z]+)=(.*)$/.exec(line.trim());
    if (m) versions[m[1]!] = m[2]!.trim() || null;
  }
  return versions;
}

export async function componentVersions(node: PostgresMember): Promise<Record<string, string | null>> {
  return parseVersions(await node.shell('cat /etc/pgdrill/versions').catch(() => ''));
}

/** Where the Docker engine is: DOCKER_HOST as given (an engine elsewhere), else the local socket. */
export function engineHost(env: NodeJS.ProcessEnv = process.env): string {
  return env.DOCKER_HOST || 'unix:///var/run/docker.sock';
}
