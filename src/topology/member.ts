/**
 * A member of a started topology: a PostgreSQL node or a sidecar (etcd, HAProxy, PgBouncer).
 * Faults, procedures and the runner act on members through this interface only; the member owns
 * its container and its state (nobody outside topology touches Docker or sets a state). A later
 * runtime (Kubernetes) implements the same interface over pods.
 */
import type { StartedTestContainer } from 'testcontainers';
import { dockerCall, dockerClient, execScript } from './docker-client.ts';
import { demuxDockerLog, readContainerFile, tarOfOneFile } from './container-file.ts';
import { StepFailedError, errorMessage } from '../errors.ts';
import { sleep } from '../poll.ts';

/** How often a pause is asked for when runc could not freeze the container. */
export const FREEZE_TRIES = 5;

/** Whether the member's service can answer: faults move a member between these. */
export type MemberState = 'running' | 'stopped' | 'paused' | 'killed';

export interface ExecOptions {
  /** @default root for shell(), the image's user for exec() */
  user?: string;
  /** secrets go here, never into argv */
  env?: Record<string, string>;
}

export interface ExecResult {
  exitCode: number;
  /** stdout and stderr interleaved */
  output: string;
  stdout: string;
}

export interface Member {
  /** pgdrill's name for it, e.g. `pg-2`, `etcd-1`, `haproxy` */
  readonly name: string;
  /** its host name on the run's network */
  readonly hostname: string;
  /** its address on the run's network, and that network's gateway (where host traffic comes from) */
  readonly network: { ip: string; gateway: string };
  readonly state: MemberState;
  /** its service answers (as far as pgdrill's own faults go) */
  readonly alive: boolean;
  /** SIGKILL of everything it runs: a power cut */
  kill(): Promise<void>;
  /** every process frozen mid-instruction (cgroup freezer) */
  pause(): Promise<void>;
  /** thawed, back in the state it was paused in */
  unpause(): Promise<void>;
  /** runs argv in the member, whatever its exit code */
  exec(argv: string[], options?: ExecOptions): Promise<ExecResult>;
  /** runs a bash script; a non-zero exit is an error carrying the end of its output */
  shell(script: string, options?: ExecOptions): Promise<string>;
  /** one file out of the member, also after it died */
  readFile(path: string): Promise<string>;
  writeFile(path: string, content: string): Promise<void>;
  /** what its main process printed */
  output(): Promise<string>;
  /** where the host reaches one of its ports */
  hostAddress(port: number): { host: string; port: number };
}

/** A member that is one Docker container, started by testcontainers. */
export class ContainerMember implements Member {
  #state: MemberState = 'running';
  #stateBeforePause: MemberState = 'running';

  constructor(
    readonly name: string,
    readonly hostname: string,
    protected readonly container: StartedTestContainer,
    public network: { ip: string; gateway: string },
  ) {}

  get state(): MemberState {
    return this.#state;
  }

  /** only the member itself, and its subclasses, move its state */
  protected moveTo(state: MemberState): void {
    this.#state = state;
  }

  get alive(): boolean {
    return this.#state === 'running';
  }

  protected docker() {
    return dockerClient().getContainer(this.container.getId());
  }

  /** The container's exit code when it has exited by itself (not stopped or killed by a step), else null. */
  async exitedWith(): Promise<number | null> {
    if (this.#state !== 'running') return null;
    const info = await this.docker()
      .inspect()
      .catch(() => null);
    return info && !info.State.Running && !info.State.Paused ? info.State.ExitCode : null;
  }

  async kill(): Promise<void> {
    // a step's problem (a schedule drew a node it had killed already), not the engine's
    if (this.state === 'killed') throw new StepFailedError(`${this.name} was killed already: there is nothing to kill`);
    await dockerCall(`kill ${this.name}`, () => this.docker().kill({ signal: 'SIGKILL' }));
    this.moveTo('killed');
  }

  async pause(): Promise<void> {
    if (this.state === 'killed') throw new StepFailedError(`${this.name} was killed: there is nothing to pause`);
    const before = this.state;
    for (let attempt = 1; ; attempt++) {
      try {
        await dockerCall(`pause ${this.name}`, () => this.docker().pause());
        break;
      } catch (error) {
        // runc gives a freeze up when a task will not stop in time (mid-fork, in uninterruptible
        // I/O: more likely on a loaded machine; CI17) and thaws the container again: ask again
        if (attempt >= FREEZE_TRIES || !/unable to freeze/.test(errorMessage(error))) throw error;
        await sleep(100 * attempt);
      }
    }
    this.#stateBeforePause = before;
    this.moveTo('paused');
  }

  async unpause(): Promise<void> {
    await dockerCall(`unpause ${this.name}`, () => this.docker().unpause());
    this.moveTo(this.#stateBeforePause);
  }

  async exec(argv: string[], options: ExecOptions = {}): Promise<ExecResult> {
    const result = await dockerCall(`run a command in ${this.name}`, () =>
      this.container.exec(argv, {
        ...(options.user ? { user: options.user } : {}),
        ...(options.env ? { env: options.env } : {}),
      }),
    );
    return { exitCode: result.exitCode, output: result.output, stdout: result.stdout };
  }

  async shell(script: string, options: ExecOptions = {}): Promise<string> {
    return execScript(this.container, this.name, script, options);
  }

  readFile(path: string): Promise<string> {
    return readContainerFile(this.container.getId(), path);
  }

  async writeFile(path: string, content: string): Promise<void> {
    const relative = path.replace(/^\/+/, '');
    await dockerCall(`copy ${path} into ${this.name}`, () =>
      this.docker().putArchive(tarOfOneFile(relative, content), { path: '/' }),
    );
  }

  async output(): Promise<string> {
    const buffer = await dockerCall(`read the output of ${this.name}`, () =>
      this.docker().logs({ stdout: true, stderr: true, follow: false }),
    );
    return demuxDockerLog(buffer as unknown as Buffer);
  }

  hostAddress(port: number): { host: string; port: number } {
    return { host: this.container.getHost(), port: this.container.getMappedPort(port) };
  }
}
