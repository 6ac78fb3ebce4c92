import { describe, expect, it } from 'vitest';
import { UNSHAPED_RATE, netemArguments, shapeLinkCommand, unshapeLinkCommand } from './tc.ts';

describe('shapeLinkCommand', () => {
  it('shapes only the traffic to the replica, under one shared htb root', () => {
    const command = shapeLinkCommand({ classId: 11, destination: '10.7.0.3', bandwidth: '64kbit' });
    expect(command.split(' && ')).toEqual([
      'tc qdisc show dev eth0 | grep -q "htb 1:" || tc qdisc add dev eth0 root handle 1: htb',
      'tc class add dev eth0 parent 1: classid 1:11 htb rate 64kbit ceil 64kbit',
      'tc filter add dev eth0 protocol ip parent 1: prio 11 u32 match ip dst 10.7.0.3/32 flowid 1:11',
    ]);
  });

  it('puts netem under the class when delay or loss is asked for, and no netem otherwise', () => {
    const command = shapeLinkCommand({ classId: 12, destination: '10.7.0.4', delayMs: 200, lossPercent: 5 });
    expect(command).toContain(`htb rate ${UNSHAPED_RATE} ceil ${UNSHAPED_RATE}`);
    expect(command).toContain('tc qdisc add dev eth0 parent 1:12 handle 12: netem delay 200ms loss 5%');
    expect(shapeLinkCommand({ classId: 13, destination: 'x', bandwidth: '1mbit' })).not.toContain('netem');
  });

  it('gives each link its own class, so two shaped replicas do not share a rate', () => {
    const a = shapeLinkCommand({ classId: 11, destination: '10.7.0.3', bandwidth: '64kbit' });
    const b = shapeLinkCommand({ classId: 12, destination: '10.7.0.4', bandwidth: '64kbit' });
    expect(a).toContain('flowid 1:11');
    expect(b).toContain('flowid 1:12');
  });
});

describe('unshapeLinkCommand', () => {
  it("removes one link's filter and class and leaves the root, so another shaped link keeps its shaping", () => {
    const undo = unshapeLinkCommand(11);
    expect(undo).toContain('tc filter del dev eth0 parent 1: prio 11');
    expect(undo).toContain('tc class del dev eth0 classid 1:11');
    expect(undo).not.toMatch(/qdisc del|prio 12|1:12/);
    // the filter it removes is the one the link was shaped with, and only that one
    const other = shapeLinkCommand({ classId: 12, destination: '10.7.0.4', bandwidth: '64kbit' });
    expect(other).toContain('prio 12 ');
    expect(shapeLinkCommand({ classId: 11, destination: '10.7.0.3' })).toContain('prio 11 ');
  });
});

describe('netemArguments', () => {
  it('is empty without delay or loss and keeps a zero delay', () => {
    expect(netemArguments({})).toBe('');
    expect(netemArguments({ delayMs: 0 })).toBe('delay 0ms');
    expect(netemArguments({ lossPercent: 0.5 })).toBe('loss 0.5%');
  });
});
