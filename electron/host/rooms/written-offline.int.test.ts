/**
 * "Written offline" is a claim about the relay, so it must be true: entries written while the
 * room reaches a relay that is up (right after declaring, still `connecting`) or is live, and
 * entries in a local-only room, are not offline; entries written after the relay went away are.
 * The postmortem says "written offline" for exactly those. Real relay process, real SQLite.
 */
import { describe, expect, it } from 'vitest';
import { declareIncident, logEntry } from '../../../shared/ops';
import { readRoom } from '../../../shared/read';
import { exportRoom } from '../export/export-room';
import { loadTemplates } from '../templates/load-templates';
import { useHostHarness } from '../testing/host-harness';
import { INTEGRATION_TIMEOUT_MS, waitUntil } from '../testing/test-fixtures';
import { operationContextFor } from './operation-context';

const { newHost, newRelay } = useHostHarness();
const AVERY = { id: 'u-avery', name: 'Avery' };

async function postmortemLines(doc: Parameters<typeof exportRoom>[0]): Promise<string[]> {
  const { catalog } = await loadTemplates();
  const result = await exportRoom(doc, { format: 'md', catalog, generatedAt: new Date() });
  return String(result.data).split('\n');
}

describe('written offline', { timeout: INTEGRATION_TIMEOUT_MS }, () => {
  it('labels only entries written with the relay down, in the room and in the postmortem', async () => {
    const relay = await newRelay();
    const { host } = newHost();
    const room = await host.createRoom({ title: 'Checkout 500s', relayUrl: relay.url });
    const session = host.openRoom(room.localId);
    // Declared at once, as rooms.create does: the link is still on its first attempt.
    expect(session.status().connection).toBe('connecting');
    declareIncident(session.doc, operationContextFor(session, AVERY), {
      title: 'Checkout 500s',
      severity: 'SEV1',
    });
    await session.whenLive();
    logEntry(session.doc, operationContextFor(session, AVERY), { text: 'Rolled back 4.2.1' });

    await relay.stop('SIGKILL');
    await waitUntil(() => session.status().connection === 'offline', 'the host to notice');
    logEntry(session.doc, operationContextFor(session, AVERY), { text: 'Error rate falling' });

    const byText = new Map(readRoom(session.doc).timeline.map((entry) => [entry.text, entry]));
    const written = [...byText.values()].map((entry) => [entry.text, entry.offline]);
    expect(written.filter(([, offline]) => offline)).toEqual([['Error rate falling', true]]);
    expect(written.length).toBeGreaterThan(2);

    const lines = await postmortemLines(session.doc);
    const lineOf = (text: string) => lines.find((line) => line.includes(text)) ?? '';
    expect(lineOf('Rolled back 4.2.1')).not.toContain('written offline');
    expect(lineOf('Error rate falling')).toMatch(/\(written offline at \d\d:\d\d:\d\d\)/);
    expect(lines.filter((line) => line.includes('written offline'))).toHaveLength(1);
  });

  it('never labels entries in a local-only room: it has no relay to be offline from', async () => {
    const { host } = newHost();
    const room = await host.createRoom({ title: 'Local drill' });
    const session = host.openRoom(room.localId);
    expect(session.status().connection).toBe('local-only');
    declareIncident(session.doc, operationContextFor(session, AVERY), {
      title: 'Local drill',
      severity: 'SEV3',
    });
    logEntry(session.doc, operationContextFor(session, AVERY), { text: 'Paged the DBA' });
    expect(readRoom(session.doc).timeline.map((entry) => entry.offline)).not.toContain(true);
  });
});
