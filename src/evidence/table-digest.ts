/** Per-table digest on one node. */
export interface TableDigest {
  table: string;
  rows: number;
  /** order-independent digest of all rows */
  digest: string;
  /**
   * PostgreSQL's error when the table could not be read because its data is damaged (SQLSTATE
   * XX001/XX002, e.g. "invalid page in block 0"): `rows` is 0 and `digest` empty then.
   */
  unreadable?: string;
}
