/**
 * A run's own bridge network, on a subnet pgdrill chooses: left to itself, the engine hands out
 * 192.168.x.0/20 blocks once 172.17–31 are taken (parallel drills get there quickly), and those
 * are what real LANs use. Runs draw a /24 from 172.20.0.0/14 instead, another where one overlaps.
 */
import { randomInt } from 'node:crypto';
import type Docker from 'dockerode';
import { errorMessage } from '../errors.ts';
import { dockerCall } from './docker-client.ts';

/** 172.20.0.0/14: 1,024 /24 blocks, none of them 192.168.x or 10.x. */
const POOL = { first: [172, 20], blocks: 1024 } as const;
const ATTEMPTS = 20;

/** The `n`th /24 of the pool: `172.20.0.0/24` … `172.23.255.0/24`. */
export function poolSubnet(n: number): { subnet: string; gateway: string } {
  const second = POOL.first[1] + Math.floor(n / 256);
  const third = n % 256;
  const base = `${POOL.first[0]}.${second}.${third}`;
  return { subnet: `${base}.0/24`, gateway: `${base}.1` };
}

/** Creates the network on a free /24 of the pool; returns it with its gateway (where host traffic comes from). */
export async function createRunNetwork(
  docker: Docker,
  name: string,
  labels: Record<string, string>,
): Promise<{ network: Docker.Network; gateway: string }> {
  let last: unknown;
  for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
    const { subnet, gateway } = poolSubnet(randomInt(POOL.blocks));
    try {
      const network = await docker.createNetwork({
        Name: name,
        Labels: labels,
        CheckDuplicate: true,
        IPAM: { Driver: 'default', Config: [{ Subnet: subnet, Gateway: gateway }] },
      });
      return { network, gateway };
    } catch (error) {
      // another run (or anything else on the engine) has it: draw again
      if (!/overlap/i.test(errorMessage(error))) throw error;
      last = error;
    }
  }
  return dockerCall(`find a free subnet for ${name} in 172.20.0.0/14`, () => Promise.reject(last));
}
