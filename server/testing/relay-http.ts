import {
  RELAY_HEALTH_PATH,
  RELAY_METRICS_PATH,
  type RelayHealth,
} from '../../shared/protocol/relay-http';

/** Small typed readers of the relay's HTTP surface, for tests. */
export async function fetchHealth(relayUrl: string): Promise<RelayHealth> {
  const response = await fetch(`${relayUrl}${RELAY_HEALTH_PATH}`);
  if (response.status !== 200) throw new Error(`/healthz answered ${response.status}`);
  return (await response.json()) as RelayHealth;
}

/** The value of an unlabelled metric (or the sum over a labelled one's series). */
export async function fetchMetric(relayUrl: string, name: string): Promise<number> {
  const text = await (await fetch(`${relayUrl}${RELAY_METRICS_PATH}`)).text();
  let sum = 0;
  for (const line of text.split('\n')) {
    if (line.startsWith(`${name} `) || line.startsWith(`${name}{`)) {
      sum += Number(line.slice(line.lastIndexOf(' ') + 1));
    }
  }
  return sum;
}
