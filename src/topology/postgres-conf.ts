/** The scenario's part of postgresql.conf: replication mode, archiving and the user's settings. */
import type { TopologySpec } from '../scenario/model.ts';

export const ARCHIVE_DIR = '/var/lib/pgdrill/archive';

function quote(value: string): string {
  return /^-?\d+(\.\d+)?$/.test(value) || /^(on|off|true|false)$/i.test(value) ? value : `'${value.replace(/'/g, "''")}'`;
}

export function renderScenarioConf(topology: TopologySpec, replicaSlots: string[]): string {
  const { replication, archive, settings } = topology.postgres;
  const lines = ['# written by pgdrill from the scenario'];
  if (replication !== 'async' && replicaSlots.length > 0) {
    const method = replication === 'sync' ? 'FIRST' : 'ANY';
    lines.push(`synchronous_standby_names = '${method} 1 (${replicaSlots.join(', ')})'`);
  }
  if (archive) {
    lines.push(`archive_mode = on`, `archive_command = '/usr/local/bin/pgdrill-node archive-wal %p %f'`);
  }
  for (const [key, value] of Object.entries(settings)) lines.push(`${key} = ${quote(String(value))}`);
  return `${lines.join('\n')}\n`;
}
