/** Per-table digest on one node. */
export interface TableDigest {
  table: string;
  rows: number;
  /** order-independent digest of all rows */
  digest: string;
}
