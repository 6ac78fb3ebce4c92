import { describe, expect, it } from 'vitest';
import { poolSubnet } from './run-network.ts';

describe('poolSubnet', () => {
  it('numbers the /24 blocks of 172.20.0.0/14 from its first to its last', () => {
    expect(poolSubnet(0)).toEqual({ subnet: '172.20.0.0/24', gateway: '172.20.0.1' });
    expect(poolSubnet(257)).toEqual({ subnet: '172.21.1.0/24', gateway: '172.21.1.1' });
    expect(poolSubnet(1023)).toEqual({ subnet: '172.23.255.0/24', gateway: '172.23.255.1' });
  });

  it('never hands out an address a real LAN would use (192.168.x, 10.x)', () => {
    for (let n = 0; n < 1024; n++) {
      const { subnet } = poolSubnet(n);
      expect(subnet).toMatch(/^172\.(20|21|22|23)\.\d{1,3}\.0\/24$/);
    }
  });
});
