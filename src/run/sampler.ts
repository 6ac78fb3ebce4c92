/**
 * Samples every node at a fixed interval while the drill runs (role, timeline, LSNs, lag,
 * WAL receiver, archiver, WAL retained, disk use of limited volumes) into the evidence, and
 * notes in the timeline when something changes: a node stops answering, a receiver stops
 * streaming, a role or timeline flips. Each node has its own connection with a short timeout,
 * so a frozen or partitioned node costs one slow sample, never a stalled drill.
 */
import { VOLUME_PATHS } from '../topology/node-layout.ts';
import pg from 'pg';
import type { NodeSample } from '../evidence/evidence.ts';
import type { EvidenceRecorder } from '../evidence/recorder.ts';
import type { VolumeName } from '../model/model.ts';
import type { StartedTopology } from '../topology/runtime.ts';
import type { PostgresMember } from '../topology/runtime.ts';
import { parseLsn } from '../evidence/lsn.ts';
import { SAMPLE_SQL, type SampleRow } from './sample-query.ts';

export interface SamplerOptions {
  intervalMs: number;
  /** volumes with a filesystem of their own (disk-full drills): their use is sampled too */
  limitedVolumes: VolumeName[];
  now: () => number;
}

const num = (v: number | string | null): number | null => (v === null ? null : Number(v));

/**
 * A replica's replay delay in seconds. The node reports the time since its last replayed commit
 * whenever it has received WAL it has not replayed yet; after a quiet spell (a write stall, a
 * failover) that counts the quiet as delay. WAL unreplayed now arrived after the last sample
 * that saw nothing left to replay, so the delay is at most the time since then.
 * @param caughtUpAtMs when a sample last saw this node with nothing to replay (undefined: never)
 */
export function boundedReplayLag(
  reported: number | null,
  atMs: number,
  caughtUpAtMs: number | undefined,
): number | null {
  if (reported === null || reported <= 0 || caughtUpAtMs === undefined) return reported;
  return Math.min(reported, Math.max(0, (atMs - caughtUpAtMs) / 1000));
}

export class Sampler {
  readonly samples: NodeSample[] = [];
  private readonly clients = new Map<string, pg.Client>();
  private readonly last = new Map<string, NodeSample>();
  /** per node, when a sample last saw it with nothing left to replay */
  private readonly caughtUpAt = new Map<string, number>();
  private timer: NodeJS.Timeout | null = null;
  private tick: Promise<void> = Promise.resolve();
  private stopped = false;

  constructor(
    private readonly cluster: StartedTopology,
    private readonly recorder: EvidenceRecorder,
    private readonly options: SamplerOptions,
  ) {}

  start(): void {
    const loop = () => {
      if (this.stopped) return;
      // a round that throws loses its samples, never the drill: nobody awaits a tick but stop()
      this.tick = this.sampleAll()
        .catch(() => {})
        .finally(() => {
          if (!this.stopped) this.timer = setTimeout(loop, this.options.intervalMs);
        });
    };
    loop();
  }

  /** The latest sample of every node sampled so far. */
  latest(): NodeSample[] {
    return [...this.last.values()];
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    await this.tick;
    await Promise.allSettled([...this.clients.values()].map((c) => c.end()));
    this.clients.clear();
  }

  private async sampleAll(): Promise<void> {
    const nodes = this.cluster.nodes.filter((n) => n.state !== 'killed');
    const round = await Promise.all(nodes.map((n) => this.sampleNode(n)));
    // Lag in bytes needs the primary's position from the same round.
    // during a Patroni failover pgdrill may know of no primary at all: no lag in bytes this round
    const known = this.cluster.nodes.find((n) => n.role === 'primary')?.name;
    const primary = round.find((s) => s.role === 'primary' && s.currentLsn !== null && s.node === known);
    for (const sample of round) {
      if (sample.role === 'replica' && primary?.currentLsn && sample.replayLsn) {
        sample.lagBytes = Math.max(0, Number(parseLsn(primary.currentLsn) - parseLsn(sample.replayLsn)));
      }
      this.noteChanges(sample);
      this.samples.push(sample);
    }
  }

  private async sampleNode(node: PostgresMember): Promise<NodeSample> {
    const atMs = this.options.now();
    const empty: NodeSample = {
      atMs,
      node: node.name,
      reachable: false,
      role: null,
      timeline: null,
      currentLsn: null,
      receiveLsn: null,
      replayLsn: null,
      lagBytes: null,
      lagSeconds: null,
      walReceiver: null,
      archivedCount: null,
      archiveFailedCount: null,
      walBytes: null,
      disk: null,
    };
    if (node.state !== 'running') return empty; // paused or stopped: nothing would answer
    try {
      const client = await this.client(node);
      const { rows } = await client.query<SampleRow>(SAMPLE_SQL);
      const row = rows[0]!;
      return {
        ...empty,
        reachable: true,
        role: row.in_recovery ? 'replica' : 'primary',
        timeline: num(row.timeline),
        currentLsn: row.current_lsn,
        receiveLsn: row.in_recovery ? row.receive_lsn : null,
        replayLsn: row.in_recovery ? row.replay_lsn : null,
        lagSeconds: this.replayLag(node.name, atMs, num(row.lag_seconds)),
        walReceiver: row.wal_receiver,
        archivedCount: num(row.archived_count),
        archiveFailedCount: num(row.failed_count),
        walBytes: num(row.wal_bytes),
        disk: this.options.limitedVolumes.length ? await this.diskUse(node) : null,
      };
    } catch {
      await this.drop(node.name);
      return empty;
    }
  }

  private replayLag(node: string, atMs: number, reported: number | null): number | null {
    if (reported === 0) this.caughtUpAt.set(node, atMs);
    return boundedReplayLag(reported, atMs, this.caughtUpAt.get(node));
  }

  private async client(node: PostgresMember): Promise<pg.Client> {
    const existing = this.clients.get(node.name);
    if (existing) return existing;
    const timeout = Math.max(500, this.options.intervalMs * 2);
    const client = new pg.Client(
      node.connectionSettings({ purpose: 'sampler', connectTimeoutMs: timeout, queryTimeoutMs: timeout }),
    );
    client.on('error', () => {});
    try {
      await client.connect();
    } catch (error) {
      await client.end().catch(() => {});
      throw error;
    }
    this.clients.set(node.name, client);
    return client;
  }

  private async drop(name: string): Promise<void> {
    const client = this.clients.get(name);
    this.clients.delete(name);
    await client?.end().catch(() => {});
  }

  private async diskUse(node: PostgresMember): Promise<NodeSample['disk']> {
    const paths = this.options.limitedVolumes.map((v) => VOLUME_PATHS[v]);
    const result = await node.exec(['df', '-B1', '--output=used,size', ...paths]);
    if (result.exitCode !== 0) return null;
    const lines = result.stdout.trim().split('\n').slice(1);
    return Object.fromEntries(
      this.options.limitedVolumes.map((volume, i) => {
        const [used = '0', size = '0'] = (lines[i] ?? '').trim().split(/\s+/);
        return [volume, { usedBytes: Number(used), sizeBytes: Number(size) }];
      }),
    );
  }

  /** Timeline entries for what changed since this node's previous sample. */
  private noteChanges(sample: NodeSample): void {
    const before = this.last.get(sample.node);
    this.last.set(sample.node, sample);
    const note = (message: string) => this.recorder.event('observation', message, sample.node, sample.atMs);
    if (!before) return;
    if (before.reachable && !sample.reachable) note(`${sample.node} stopped answering the harness`);
    if (!before.reachable && sample.reachable) note(`${sample.node} answers again (${sample.role})`);
    if (!sample.reachable) return;
    if (before.role && sample.role !== before.role) note(`${sample.node} is now a ${sample.role}`);
    if (before.timeline !== null && sample.timeline !== null && sample.timeline !== before.timeline)
      note(`${sample.node} on timeline ${sample.timeline}`);
    if (sample.role === 'replica' && before.role === 'replica' && sample.walReceiver !== before.walReceiver)
      note(`${sample.node} WAL receiver: ${before.walReceiver} → ${sample.walReceiver}`);
    if (
      before.archiveFailedCount !== null &&
      sample.archiveFailedCount !== null &&
      sample.archiveFailedCount > before.archiveFailedCount &&
      before.archiveFailedCount === this.firstFailedCount(sample.node)
    ) {
      note(`${sample.node} archiving fails (pg_stat_archiver.failed_count ${sample.archiveFailedCount})`);
    }
  }

  private firstFailedCount(node: string): number | null {
    return this.samples.find((s) => s.node === node && s.archiveFailedCount !== null)?.archiveFailedCount ?? null;
  }
}
