/**
 * The workload's record of what clients did, Jepsen style: every operation is invoked and
 * then completes as `ok` (acknowledged), `fail` (certainly not committed) or `unknown` (the
 * connection died while the commit may have happened). Checkers read nothing else about clients.
 */

export type OpOutcome = 'ok' | 'fail' | 'unknown';

export interface Operation {
  /** unique write key: the primary key of the row the op inserts */
  key: number;
  /** 0-based client index */
  client: number;
  /** monotonic ms (performance.now() on the harness) when the op was sent */
  invokedAt: number;
  /** monotonic ms when its outcome was known */
  completedAt: number;
  outcome: OpOutcome;
  /** node the client was connected to (by name), when known */
  node?: string;
  /** error message for fail/unknown */
  error?: string;
  /** SQLSTATE from the server, or the socket's errno code (ECONNREFUSED, …), when there was one */
  errorCode?: string;
  /**
   * for an acknowledged write that followed an acknowledged one of its client: what the server
   * that acknowledged it held of the client's own writes, read in the same statement
   * (read-your-writes); absent in histories recorded before pgdrill read it
   */
  ownWrites?: OwnWritesSeen;
}

export interface OwnWritesSeen {
  /** the client's last acknowledged key before this write */
  lastAcked: number;
  /** whether the server held it */
  held: boolean;
  /** the newest of the client's earlier keys the server held (0: none) */
  newest: number;
}

/**
 * One read of the workload's table: for each writing client, the highest of its keys the read
 * saw. A client has one write in flight at a time and commits in order, so that key says which
 * of its acknowledged writes the read could see and which it missed.
 */
export interface ReadOperation {
  /** the path it took: `haproxy:5001`, a replica's name, `endpoint` */
  via: string;
  /** the server that answered (inet_server_addr), by name, when known */
  node?: string;
  invokedAt: number;
  completedAt: number;
  outcome: 'ok' | 'fail';
  /** client index → its highest key visible; for `ok` */
  seen?: Record<string, number>;
  error?: string;
}

export interface History {
  ops: Operation[];
  /** with `workload.reads`: every read, in completion order */
  reads?: ReadOperation[];
}
