/**
 * PgBouncer in front of the primary (or of HAProxy): the endpoint clients use when the scenario
 * has `topology.pgbouncer`. Repointing rewrites [databases] and RELOADs through the admin
 * console, then RECONNECTs so pooled server connections to the old primary are not reused.
 */
import type { NodeAddress } from './pg-node.ts';
import type { PostgresMember } from './runtime.ts';
import { StepFailedError } from '../errors.ts';
import type { SidecarContainer } from './sidecar.ts';

export const PGBOUNCER_PORT = 6432;

export class PgBouncer {
  readonly name = 'pgbouncer';

  constructor(
    /** its container, a sidecar like etcd's and HAProxy's */
    readonly member: SidecarContainer,
    private readonly adminPassword: string,
    /** the node (or `haproxy`) PgBouncer sends database "app" to */
    public backend: string,
    /**
     * Who moves it after a failover: `pgdrill` (its failover procedures, as an operator would),
     * `nobody` (a static pgbouncer.ini under Patroni: it stays on the old leader), or `haproxy`
     * (it points at HAProxy, which follows the leader).
     */
    readonly movedBy: 'pgdrill' | 'nobody' | 'haproxy' = 'pgdrill',
    /** a team's pgbouncer.ini: its port and the [databases] entry clients ask for */
    private readonly team?: { port: number; database: string },
  ) {}

  get address(): NodeAddress {
    return this.member.hostAddress(this.team?.port ?? PGBOUNCER_PORT);
  }

  /** the database name clients ask PgBouncer for; undefined: the workload's own */
  get database(): string | undefined {
    return this.team?.database;
  }

  /** Runs a command on PgBouncer's admin console (password through env, never argv). */
  async admin(command: string): Promise<string> {
    const result = await this.member.exec(
      [
        'psql',
        '-X',
        '-A',
        '-t',
        '-h',
        '/tmp',
        '-p',
        String(PGBOUNCER_PORT),
        '-U',
        'pgbouncer',
        '-d',
        'pgbouncer',
        '-c',
        command,
      ],
      { env: { PGPASSWORD: this.adminPassword } },
    );
    if (result.exitCode !== 0) throw new StepFailedError(`PgBouncer ${command} failed: ${result.output.trim()}`);
    return result.stdout;
  }

  /** Sends database "app" to `node` from now on. */
  async repoint(node: PostgresMember): Promise<void> {
    const sed = `sed -i -E 's/^app = host=[^ ]+ /app = host=${node.hostname} /' /etc/pgbouncer/pgbouncer.ini`;
    const edit = await this.member.exec(['bash', '-c', sed]);
    if (edit.exitCode !== 0) throw new StepFailedError(`could not rewrite pgbouncer.ini: ${edit.output}`);
    await this.admin('RELOAD');
    await this.admin('RECONNECT app');
    this.backend = node.name;
  }
}
