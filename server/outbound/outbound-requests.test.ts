import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { OutboundEvent } from './outbound-event';
import { slackMessage } from './slack-message';
import { webhookRequest } from './webhook-request';

const room = {
  id: 'checkout-errors',
  title: 'Checkout <errors> & co',
  severity: 'SEV2',
  phase: 'identified',
  statusPage: null,
} as const;

function published(text: string): OutboundEvent {
  return {
    id: '6b0e3f2a-7f43-4d7e-9a55-0c9f1d2e3b4a',
    occurredAt: '2026-03-24T03:05:00.000Z',
    room,
    data: {
      type: 'status-update.published',
      updateId: 'u-1',
      text,
      phase: 'identified',
      publishedAt: '2026-03-24T03:05:00.000Z',
      publishedBy: { id: 'u-cory', name: 'Cory' },
    },
  };
}

interface Block {
  type: string;
  text?: { type: string; text: string };
  elements?: { text: string }[];
}

describe('outbound requests', () => {
  it('signs the webhook body with the timestamp, and keeps the body the same on every try', () => {
    const secret = 'whsec-0123456789abcdef';
    const event = published('We found the cause.');
    const first = webhookRequest(
      event,
      { id: 'h', kind: 'webhook', url: 'x', secrets: [secret] },
      null,
      1_000_000,
    );
    const later = webhookRequest(
      event,
      { id: 'h', kind: 'webhook', url: 'x', secrets: [secret] },
      null,
      9_000_000,
    );
    expect(later.body).toBe(first.body);
    expect(first.headers['X-Incident-Room-Timestamp']).toBe('1000');
    const expected = createHmac('sha256', secret).update(`1000.${first.body}`).digest('hex');
    expect(first.headers['X-Incident-Room-Signature']).toBe(`v1=${expected}`);
    expect(first.headers['Idempotency-Key']).toBe(event.id);
    expect(JSON.parse(first.body)).toMatchObject({
      schema: 'incident-room.outbound/v1',
      type: 'status-update.published',
      room: { id: 'checkout-errors', url: null },
      data: { updateId: 'u-1', text: 'We found the cause.' },
    });
  });

  it('signs with every secret while one is rotated, so a receiver knowing either accepts it', () => {
    const secrets = ['new-secret-0123456789', 'old-secret-0123456789'];
    const request = webhookRequest(
      published('x'),
      { id: 'h', kind: 'webhook', url: 'x', secrets },
      null,
      5_000,
    );
    const sign = (secret: string) =>
      `v1=${createHmac('sha256', secret).update(`5.${request.body}`).digest('hex')}`;
    expect(request.headers['X-Incident-Room-Signature']).toBe(secrets.map(sign).join(','));
  });

  it('puts a long approved text into 3000-character plain_text sections that join to it exactly', () => {
    const text = `${'a'.repeat(2999)}🚀${'<b>&</b> '.repeat(400)}`;
    const message = JSON.parse(slackMessage(published(text), 'https://x.example/r/{room}')) as {
      blocks: Block[];
    };
    const sections = message.blocks.filter(
      (block) => block.text?.type === 'plain_text' && block.type === 'section',
    );
    expect(sections.every((block) => block.text!.text.length <= 3000)).toBe(true);
    expect(sections.map((block) => block.text!.text).join('')).toBe(text);
    expect(sections[0]!.text!.text.endsWith('a')).toBe(true); // the emoji is not cut in half
    expect(message.blocks.at(-1)!.elements![0]!.text).toBe(
      '<https://x.example/r/checkout-errors|Open the incident room>',
    );
  });

  it("escapes Slack's markup in mrkdwn text, never in the header or the approved text", () => {
    const handover: OutboundEvent = {
      ...published('x'),
      data: {
        type: 'role.handed-over',
        role: 'comms',
        from: null,
        to: { id: 'u-x', name: '<!channel> & co' },
      },
    };
    const message = JSON.parse(slackMessage(handover, null)) as { text: string; blocks: Block[] };
    expect(message.blocks[0]!.text!.text).toBe('Checkout <errors> & co');
    expect(message.blocks[1]!.text!.text).toBe(
      '*Communications lead: &lt;!channel&gt; &amp; co (was nobody)*',
    );
    expect(message.text).toBe(
      'Checkout &lt;errors&gt; &amp; co: Communications lead: &lt;!channel&gt; &amp; co (was nobody)',
    );
    expect(message.blocks.map((block) => block.type)).toEqual(['header', 'section']);
  });
});
