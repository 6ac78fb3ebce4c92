/**
 * The tc commands that make a replica lag for real: on the primary, an htb class with a u32
 * filter on the replica's address shapes exactly the primary → replica WAL stream (tc shapes
 * egress only, and `flower` is not in every kernel); netem under that class adds delay or loss
 * where the kernel has sch_netem. Pure, so the commands are tested without a kernel.
 */

export interface LinkShape {
  /** htb class id, unique per shaped link on one node */
  classId: number;
  /** the replica's address: traffic to it is shaped */
  destination: string;
  /** htb rate and ceil, e.g. 64kbit; omitted: unshaped bandwidth (netem only) */
  bandwidth?: string;
  delayMs?: number;
  lossPercent?: number;
}

/** Bandwidth used when only netem was asked for: the class must have a rate, and this one never binds. */
export const UNSHAPED_RATE = '1000mbit';

/** `delay 200ms loss 5%`, or '' without netem. */
export function netemArguments(shape: Pick<LinkShape, 'delayMs' | 'lossPercent'>): string {
  return [
    shape.delayMs !== undefined ? `delay ${shape.delayMs}ms` : '',
    shape.lossPercent !== undefined ? `loss ${shape.lossPercent}%` : '',
  ]
    .filter(Boolean)
    .join(' ');
}

/**
 * One shell line: the shared htb root (added once per node), the class, netem under it, the
 * filter. The filter's priority is the class id, so that one link's filter can be removed alone.
 */
export function shapeLinkCommand(shape: LinkShape, dev = 'eth0'): string {
  const rate = shape.bandwidth ?? UNSHAPED_RATE;
  const netem = netemArguments(shape);
  const id = shape.classId;
  return [
    // one htb root per node, shared by every shaped replica; unclassified traffic passes unshaped
    `tc qdisc show dev ${dev} | grep -q "htb 1:" || tc qdisc add dev ${dev} root handle 1: htb`,
    `tc class add dev ${dev} parent 1: classid 1:${id} htb rate ${rate} ceil ${rate}`,
    ...(netem ? [`tc qdisc add dev ${dev} parent 1:${id} handle ${id}: netem ${netem}`] : []),
    `tc filter add dev ${dev} protocol ip parent 1: prio ${id} u32 match ip dst ${shape.destination}/32 flowid 1:${id}`,
  ].join(' && ');
}

/**
 * Heals one shaped link: its filter, then its class (and the netem under it) go; other links of
 * the same node stay shaped, and the htb root passes unclassified traffic unshaped. Errors are
 * ignored: a node whose container restarted lost its qdiscs already.
 */
export function unshapeLinkCommand(classId: number, dev = 'eth0'): string {
  return [
    `tc filter del dev ${dev} parent 1: prio ${classId} 2>/dev/null`,
    `tc class del dev ${dev} classid 1:${classId} 2>/dev/null`,
    'true',
  ].join('; ');
}

/** Probes for sch_netem on the loopback device, leaving nothing behind. */
export const NETEM_PROBE = 'tc qdisc add dev lo root netem delay 0ms && tc qdisc del dev lo root';
