/**
 * Finds a reachable Docker engine, or — as root on Debian with no engine — installs docker.io
 * and starts dockerd. Anything else gets an InfrastructureError saying what to install.
 */
import { existsSync, openSync } from 'node:fs';
import { spawn } from 'node:child_process';
import { execa } from 'execa';
import { InfrastructureError } from '../errors.ts';
import { dockerClient } from '../topology/docker-client.ts';

export type Log = (line: string) => void;

export async function isEngineReachable(): Promise<boolean> {
  try {
    await dockerClient().ping();
    return true;
  } catch {
    return false;
  }
}

const canAdminister = () => process.getuid?.() === 0 && existsSync('/etc/debian_version');

async function hasCommand(name: string): Promise<boolean> {
  const { exitCode } = await execa('sh', ['-c', `command -v ${name}`], { reject: false });
  return exitCode === 0;
}

export async function ensureDockerEngine(log: Log): Promise<void> {
  if (await isEngineReachable()) return;
  if (process.env.DOCKER_HOST) {
    throw new InfrastructureError('PGDRILL_DOCKER_UNREACHABLE', `Docker at DOCKER_HOST=${process.env.DOCKER_HOST} does not answer.`, {
      hint: 'Start that engine or unset DOCKER_HOST, then run `pgdrill doctor`.',
    });
  }
  if (!canAdminister()) {
    throw new InfrastructureError('PGDRILL_DOCKER_UNREACHABLE', 'No Docker engine answers on /var/run/docker.sock.', {
      hint: 'Install and start Docker (Docker Engine or Docker Desktop), make sure this user may use it, then run `pgdrill setup`.',
    });
  }
  if (!(await hasCommand('dockerd'))) {
    log('installing docker.io (apt-get)…');
    await aptInstall(['docker.io']);
  }
  log('starting dockerd…');
  startDockerd();
  await waitForEngine(60_000);
}

export async function aptInstall(packages: string[]): Promise<void> {
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  try {
    await execa('apt-get', ['update', '-qq'], { env });
    await execa('apt-get', ['install', '-y', '-qq', '--no-install-recommends', ...packages], { env });
  } catch (cause) {
    throw new InfrastructureError('PGDRILL_APT_FAILED', `apt-get install ${packages.join(' ')} failed.`, {
      cause,
      hint: 'Check that Debian\'s package mirror is reachable, or install the packages yourself.',
    });
  }
}

function startDockerd(): void {
  // Detached and unref'd: the engine outlives this process, as a system service would.
  const out = openSync('/var/log/pgdrill-dockerd.log', 'a');
  const child = spawn('dockerd', [], { detached: true, stdio: ['ignore', out, out] });
  child.unref();
}

async function waitForEngine(timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await isEngineReachable()) return;
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new InfrastructureError('PGDRILL_DOCKERD_START_FAILED', `dockerd did not answer within ${timeoutMs / 1000}s.`, {
    hint: 'See /var/log/pgdrill-dockerd.log.',
  });
}
