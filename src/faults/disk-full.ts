/**
 * disk-full: the node's data, wal or archive filesystem (a size-limited tmpfs the plan gave it)
 * is filled to ENOSPC with a filler file; healing deletes the file.
 */
import { z } from 'zod';
import type { StepBase, TargetRef } from '../model/model.ts';
import { targetSchema } from '../model/schema-primitives.ts';
import { VOLUME_PATHS } from '../topology/node-layout.ts';
import { defineFault, faultBase, faultSchema, targetTitle } from './descriptor.ts';
import { recordFault } from './record.ts';

const FILLER = '.pgdrill-disk-full';

export interface DiskFullStep extends StepBase {
  type: 'fault';
  fault: 'disk-full';
  target: TargetRef;
  /** @default 'data' */
  volume: 'data' | 'wal' | 'archive';
}

export const diskFull = defineFault<DiskFullStep>()({
  kind: 'disk-full',
  summary: "fill the node's data, wal or archive volume (a size-limited filesystem) to ENOSPC; default data",
  example: '{fault: disk-full, target: primary, volume: wal}',
  schema: faultSchema('disk-full', {
    target: targetSchema,
    volume: z.enum(['data', 'wal', 'archive']).optional().describe('the volume to fill; default data'),
  }),
  resolve: (raw, base): DiskFullStep => ({
    ...faultBase('disk-full', base),
    target: raw.target,
    volume: raw.volume ?? 'data',
  }),
  targets: (step) => [{ path: ['target'], ref: step.target, scope: 'postgres' }],
  title: targetTitle,
  async apply(ctx, step) {
    const node = ctx.cluster.resolve(step.target);
    const { volume } = step;
    const filler = `${VOLUME_PATHS[volume]}/${FILLER}`;
    // dd stops at ENOSPC (and says so); what is left is smaller than one block: none.
    const out = await node.shell(
      `dd if=/dev/zero of=${filler} bs=1M 2>&1 | tail -1; sync; df -B1 --output=used,size ${VOLUME_PATHS[volume]} | tail -1`,
    );
    const [used = '?', size = '?'] = (out.trim().split('\n').pop() ?? '').trim().split(/\s+/);
    // A full archive does not stop writes (WAL piles up instead); a full data or wal volume does.
    recordFault(ctx, step, node, `filled ${volume} volume of ${node.name} to ENOSPC (${used} of ${size} bytes used)`, {
      disruptsWrites: volume !== 'archive' && node.role === 'primary',
    });
    ctx.faults.add({
      kind: 'disk-full',
      nodes: [node.name],
      description: `${volume} volume of ${node.name} full`,
      heal: async () => {
        // The archive is shared: any node that still runs can free it. A killed node's own
        // data or wal volume went with it.
        const via =
          node.state !== 'killed'
            ? node
            : volume === 'archive'
              ? ctx.cluster.nodes.find((n) => n.state !== 'killed')
              : undefined;
        if (!via) return;
        await via.shell(`rm -f ${filler}`);
        ctx.recorder.event('fault', `healed: freed the ${volume} volume of ${node.name}`, node.name);
      },
    });
    return node.name;
  },
});
