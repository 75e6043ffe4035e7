/** Small typed readers of the relay's HTTP surface, for tests. */
export interface Health {
  ok: boolean;
  version: string;
  protocolVersion: number;
  roomsLoaded: number;
  connections: number;
  uptimeSeconds: number;
  time: number;
}

export async function fetchHealth(relayUrl: string): Promise<Health> {
  const response = await fetch(`${relayUrl}/healthz`);
  if (response.status !== 200) throw new Error(`/healthz answered ${response.status}`);
  return (await response.json()) as Health;
}

/** The value of an unlabelled metric (or the sum over a labelled one's series). */
export async function fetchMetric(relayUrl: string, name: string): Promise<number> {
  const text = await (await fetch(`${relayUrl}/metrics`)).text();
  let sum = 0;
  for (const line of text.split('\n')) {
    if (line.startsWith(`${name} `) || line.startsWith(`${name}{`)) {
      sum += Number(line.slice(line.lastIndexOf(' ') + 1));
    }
  }
  return sum;
}
