import { describe, expect, it } from 'vitest';
import { networkFingerprint, watchNetwork } from './network-watch';

describe('watchNetwork', () => {
  it('fires once per change of addresses, not on every poll', async () => {
    let fingerprint = 'eth0/IPv4/10.0.0.2';
    let changes = 0;
    const stop = watchNetwork(() => (changes += 1), {
      intervalMs: 10,
      readFingerprint: () => fingerprint,
    });
    await new Promise((resolve) => setTimeout(resolve, 60));
    expect(changes).toBe(0);
    fingerprint = 'wlan0/IPv4/192.168.1.5';
    await new Promise((resolve) => setTimeout(resolve, 60));
    expect(changes).toBe(1);
    stop();
    fingerprint = 'none';
    await new Promise((resolve) => setTimeout(resolve, 40));
    expect(changes).toBe(1);
  });

  it('ignores loopback and orders addresses', () => {
    const fingerprint = networkFingerprint({
      lo: [
        {
          address: '127.0.0.1',
          netmask: '255.0.0.0',
          family: 'IPv4',
          mac: '',
          internal: true,
          cidr: null,
        },
      ],
      wlan0: [
        {
          address: '192.168.1.5',
          netmask: '',
          family: 'IPv4',
          mac: '',
          internal: false,
          cidr: null,
        },
      ],
      eth0: [
        { address: '10.0.0.2', netmask: '', family: 'IPv4', mac: '', internal: false, cidr: null },
      ],
    });
    expect(fingerprint).toBe('eth0/IPv4/10.0.0.2,wlan0/IPv4/192.168.1.5');
  });
});
