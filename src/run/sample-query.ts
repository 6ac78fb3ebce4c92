/** One round trip per node per sample: everything the sampler records, or null where n/a. */
export const SAMPLE_SQL = `
SELECT r.in_recovery,
       CASE WHEN r.in_recovery THEN NULL ELSE pg_current_wal_lsn()::text END AS current_lsn,
       pg_last_wal_receive_lsn()::text AS receive_lsn,
       pg_last_wal_replay_lsn()::text AS replay_lsn,
       CASE WHEN NOT r.in_recovery THEN NULL
            WHEN pg_last_wal_receive_lsn() IS NOT DISTINCT FROM pg_last_wal_replay_lsn() THEN 0
            ELSE extract(epoch FROM clock_timestamp() - pg_last_xact_replay_timestamp()) END AS lag_seconds,
       CASE WHEN r.in_recovery THEN coalesce((SELECT status FROM pg_stat_wal_receiver), 'none') END AS wal_receiver,
       CASE WHEN r.in_recovery THEN coalesce((SELECT received_tli FROM pg_stat_wal_receiver), (SELECT timeline_id FROM pg_control_checkpoint()))
            ELSE ('x' || substr(pg_walfile_name(pg_current_wal_lsn()), 1, 8))::bit(32)::int END AS timeline,
       a.archived_count, a.failed_count,
       (SELECT coalesce(sum(size), 0) FROM pg_ls_waldir())::bigint AS wal_bytes
  FROM (SELECT pg_is_in_recovery() AS in_recovery) r, pg_stat_archiver a`;

export interface SampleRow {
  in_recovery: boolean;
  current_lsn: string | null;
  receive_lsn: string | null;
  replay_lsn: string | null;
  lag_seconds: number | string | null;
  wal_receiver: string | null;
  timeline: number | string | null;
  archived_count: number | string | null;
  failed_count: number | string | null;
  wal_bytes: number | string | null;
}
