import { afterEach, describe, expect, it } from 'vitest';
import { roomRoots } from '../../shared/doc/roots';
import { setSeverity } from '../../shared/ops';
import { readOutboundDeliveries } from '../../shared/ops/outbound-delivery';
import {
  RELAY_OUTBOUND_DELIVERIES_PATH,
  type OutboundDeliveryList,
} from '../../shared/protocol/relay-http';
import { readMeta, readStatusUpdates } from '../../shared/read/room-parts';
import { isoToMs, toIso } from '../../shared/util/time';
import { waitFor } from '../testing/relay-clients';
import { fetchMetric } from '../testing/relay-http';
import { APPROVED_TEXT_HEADING } from './email-message';
import {
  FAST,
  TEAM_KEY,
  ic,
  outboundFile,
  publish,
  useOutboundTestParts,
} from './testing/outbound-fixtures';
import { SMTP_PASS, SMTP_USER, SmtpSink } from './testing/smtp-sink';

const LEADS = 'ops-leads@example.com';
const EXECS = ['cto@example.com', 'vp-eng@example.com'];

/** An email target for the sink, with SEV1 and SEV2 lists, routed at those severities. */
function emailFile(sink: SmtpSink, events: string): string {
  return outboundFile([
    'roomUrl: https://incidents.example.com/rooms/{room}',
    FAST,
    'targets:',
    '  - id: stakeholders',
    '    kind: email',
    `    smtp: { host: 127.0.0.1, port: ${sink.port}, auth: { user: ${SMTP_USER}, pass: ${SMTP_PASS} } }`,
    '    from: Incident Room <incidents@example.com>',
    `    to: { SEV1: [${EXECS.join(', ')}], SEV2: [${LEADS}] }`,
    'routes:',
    `  - { events: ${events}, targets: [stakeholders], severities: [SEV1, SEV2] }`,
  ]);
}

const MESSAGE_ID = /^<[0-9a-f-]{36}@example\.com>$/;

describe('email targets against a real SMTP server', () => {
  const parts = useOutboundTestParts();
  const sinks: SmtpSink[] = [];
  afterEach(async () => {
    for (const sink of sinks.splice(0)) await sink.stop();
  });
  async function startSink(): Promise<SmtpSink> {
    const sink = await SmtpSink.start();
    sinks.push(sink);
    return sink;
  }

  it('mails each severity its own list: the summary, then the approved text exactly', async () => {
    const sink = await startSink();
    const file = emailFile(sink, '[room.declared, severity.changed, status-update.published]');
    const room = await parts.openRoom(['--outbound', file, '--log-level', 'info']);
    const first = `Card payments fail — “ü” 🚀 & <b>\n  indented *not bold*\n${'x'.repeat(1200)}`;
    publish(room.ic.doc, first);
    setSeverity(room.ic.doc, ic, { severity: 'SEV1' });
    publish(room.ic.doc, 'We found the cause.');

    await waitFor(() => sink.accepted().length === 4, 'four messages', 10_000);
    const [declared, update, raised, second] = sink.accepted();
    expect(declared!.recipients).toEqual([LEADS]);
    expect(declared!.mail.subject).toBe('[SEV2] Checkout errors: Incident declared');
    expect(update!.recipients).toEqual([LEADS]);
    expect(update!.mail.subject).toBe('[SEV2] Checkout errors: Status update (investigating)');
    expect(raised!.recipients).toEqual(EXECS);
    expect(raised!.mail.subject).toBe('[SEV1] Checkout errors: Severity changed: SEV2 → SEV1');
    expect(second!.recipients).toEqual(EXECS);
    expect(second!.mail.from?.text).toBe('"Incident Room" <incidents@example.com>');

    const roots = roomRoots(room.ic.doc);
    const publishedAt = readStatusUpdates(roots)[0]!.publishedAt;
    const cadence = readMeta(roots).policy!.updateCadenceMinutes.SEV2!;
    const due = toIso(isoToMs(publishedAt)! + cadence * 60_000);
    const roomLink = `https://incidents.example.com/rooms/${room.room.id}`;
    expect(update!.mail.text).toBe(
      [
        'What happened: Status update (investigating)',
        'Incident: Checkout errors',
        'Severity: SEV2',
        'Phase: investigating',
        `Next update due: ${due.slice(0, 16).replace('T', ' ')} UTC`,
        `Incident room: ${roomLink}`,
        '',
        APPROVED_TEXT_HEADING,
        '',
        `${first}\n`,
      ].join('\n'),
    );
    for (const message of sink.accepted()) {
      expect(message.mail.messageId).toMatch(MESSAGE_ID);
      expect(message.mail.headers.get('x-incident-room-event')).toBeTypeOf('string');
    }
    expect(new Set(sink.accepted().map((message) => message.mail.messageId)).size).toBe(4);
    const output = room.relay.output();
    expect(output).toContain('outbound event delivered');
    expect(output).not.toContain(SMTP_PASS);
  });

  it('a server that answers 451 and then accepts gets the message once, with the same Message-ID', async () => {
    const sink = await startSink();
    sink.reply = (index) =>
      index < 2 ? { code: 451, message: '4.3.0 Greylisted, try again later' } : null;
    const room = await parts.openRoom(['--outbound', emailFile(sink, '[status-update.published]')]);
    const updateId = publish(room.ic.doc, 'An update that waits.');
    await waitFor(
      () => readOutboundDeliveries(room.ic.doc)[updateId]?.stakeholders?.state === 'delivered',
      'the room to show the delivery',
      10_000,
    );
    expect(sink.messages.map((message) => message.code)).toEqual([451, 451, 250]);
    const ids = sink.messages.map((message) => message.mail.messageId);
    expect(ids[0]).toMatch(MESSAGE_ID);
    expect(new Set(ids).size).toBe(1);
    expect(sink.accepted()).toHaveLength(1);
    expect(readOutboundDeliveries(room.ic.doc)[updateId]!.stakeholders).toMatchObject({
      kind: 'email',
      attempts: 3,
      lastStatus: 250,
    });
    expect(await fetchMetric(room.relay.url, 'relay_outbound_retries_total')).toBe(2);
  });

  it('a server that is down gets the mail once it is back, and the delivery says why it waited', async () => {
    const down = await startSink();
    await down.stop(); // connections to its port are refused from now on
    const file = emailFile(down, '[status-update.published]');
    const room = await parts.openRoom(['--outbound', file, '--team-key', TEAM_KEY]);
    publish(room.ic.doc, 'Written while the mail server was down.');
    const relayUrl = room.relay.url;
    await waitFor(
      async () => (await fetchMetric(relayUrl, 'relay_outbound_retries_total')) >= 2,
      'refused tries',
    );
    const pending = (await (
      await fetch(`${relayUrl}${RELAY_OUTBOUND_DELIVERIES_PATH}?state=pending`, {
        headers: { authorization: `Bearer ${TEAM_KEY}` },
      })
    ).json()) as OutboundDeliveryList;
    expect(pending.deliveries[0]).toMatchObject({
      lastStatus: null,
      lastError: 'no answer (ESOCKET)',
    });
    const back = await SmtpSink.start(down.port);
    sinks.push(back);
    await waitFor(() => back.accepted().length === 1, 'the mail once the server is back', 10_000);
    await waitFor(
      async () => (await fetchMetric(relayUrl, 'relay_outbound_pending')) === 0,
      'none pending',
    );
    expect(back.messages).toHaveLength(1);
    expect(back.accepted()[0]!.mail.text).toContain(
      '\n\nWritten while the mail server was down.\n',
    );
  });

  it('a permanent 550 fails at once and is listed and shown in the room', async () => {
    const sink = await startSink();
    sink.reply = () => ({ code: 550, message: '5.1.1 Mailbox unavailable' });
    const file = emailFile(sink, '[status-update.published]');
    const room = await parts.openRoom(['--outbound', file, '--team-key', TEAM_KEY]);
    const updateId = publish(room.ic.doc, 'Nobody will read this.');
    await waitFor(
      () => readOutboundDeliveries(room.ic.doc)[updateId]?.stakeholders?.state === 'failed',
      'the room to show the failure',
    );
    expect(readOutboundDeliveries(room.ic.doc)[updateId]!.stakeholders).toMatchObject({
      kind: 'email',
      attempts: 1,
      lastStatus: 550,
      lastError: 'SMTP 550 5.1.1 Mailbox unavailable',
    });
    const list = `${room.relay.url}${RELAY_OUTBOUND_DELIVERIES_PATH}?state=failed`;
    const answer = (await (
      await fetch(list, { headers: { authorization: `Bearer ${TEAM_KEY}` } })
    ).json()) as OutboundDeliveryList;
    expect(answer.deliveries).toEqual([
      expect.objectContaining({
        targetId: 'stakeholders',
        targetKind: 'email',
        state: 'failed',
        attempts: 1,
        lastStatus: 550,
        lastError: 'SMTP 550 5.1.1 Mailbox unavailable',
      }),
    ]);
    expect(sink.messages).toHaveLength(1);
    expect(room.relay.output()).not.toContain(SMTP_PASS);
  });

  it('after kill -9 mid-message the mail is sent again with the same Message-ID, and nothing is lost', async () => {
    const sink = await startSink();
    sink.reply = (index) => (index === 0 ? 'hang' : null);
    const room = await parts.openRoom(['--outbound', emailFile(sink, '[status-update.published]')]);
    publish(room.ic.doc, 'Sent while the relay dies.');
    await waitFor(() => sink.messages.length === 1, 'the message to be in flight');
    const restarted = await room.relay.restart({ signal: 'SIGKILL' });
    await waitFor(() => sink.accepted().length === 1, 'the resend after the restart', 10_000);
    const [inFlight, resent] = sink.messages;
    expect(resent!.mail.messageId).toBe(inFlight!.mail.messageId);
    expect(resent!.mail.messageId).toMatch(MESSAGE_ID);
    expect(resent!.mail.text).toBe(inFlight!.mail.text);
    await waitFor(() => room.ic.provider.synced, 'the client to reconnect');
    publish(room.ic.doc, 'After the restart.');
    await waitFor(() => sink.accepted().length === 2, 'the next update');
    expect(sink.accepted()[1]!.mail.text).toContain('\n\nAfter the restart.\n');
    await waitFor(
      async () => (await fetchMetric(restarted.url, 'relay_outbound_pending')) === 0,
      'none pending',
    );
    await restarted.stop();
  });
});
