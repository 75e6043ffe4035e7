import { describe, expect, it } from 'vitest';
import { RelayMetrics } from './relay-metrics';

async function value(metrics: RelayMetrics, line: string): Promise<number | null> {
  const text = await metrics.registry.metrics();
  const found = text.split('\n').find((l) => l.startsWith(`${line} `));
  return found === undefined ? null : Number(found.slice(line.length + 1));
}

describe('RelayMetrics message counts', () => {
  it('shows what the socket path counted at each scrape, once', async () => {
    const metrics = new RelayMetrics();
    metrics.countSent('sync-update', 100);
    metrics.countSent('sync-update', 50);
    metrics.countSent('awareness', 10);
    metrics.countReceived('sync-update');
    metrics.countReceivedBytes(70);
    const sent = 'relay_messages_sent_total{type="sync-update"}';
    expect(await value(metrics, sent)).toBe(2);
    expect(await value(metrics, 'relay_messages_sent_total{type="awareness"}')).toBe(1);
    expect(await value(metrics, 'relay_messages_received_total{type="sync-update"}')).toBe(1);
    expect(await value(metrics, 'relay_bytes_sent_total')).toBe(160);
    expect(await value(metrics, 'relay_bytes_received_total')).toBe(70);
    // A second scrape adds nothing that was not counted since.
    expect(await value(metrics, sent)).toBe(2);
    metrics.countSent('sync-update', 5);
    expect(await value(metrics, sent)).toBe(3);
    expect(await value(metrics, 'relay_bytes_sent_total')).toBe(165);
  });
});
