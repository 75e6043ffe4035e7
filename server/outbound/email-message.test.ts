import { describe, expect, it } from 'vitest';
import { APPROVED_TEXT_HEADING, emailMessage } from './email-message';
import type { OutboundEvent } from './outbound-event';
import type { EmailTarget } from './outbound-file';

const target: EmailTarget = {
  id: 'stakeholders',
  kind: 'email',
  smtp: { host: 'smtp.example.com', port: 587, secure: false, auth: null },
  from: 'Incident Room <incidents@mail.example.com>',
  to: { SEV1: ['cto@example.com'] },
};

const event: OutboundEvent = {
  id: '6b0e3f2a-7f43-4d7e-9a55-0c9f1d2e3b4a',
  occurredAt: '2026-03-24T03:05:00.000Z',
  room: {
    id: 'checkout-errors',
    title: 'Checkout errors',
    severity: 'SEV1',
    phase: 'identified',
    statusPage: 'public',
  },
  data: {
    type: 'status-update.published',
    updateId: 'u-1',
    text: 'Line one.\r\n\n  Line three, “quoted” — 🚀',
    phase: 'identified',
    publishedAt: '2026-03-24T03:05:00.000Z',
    publishedBy: { id: 'u-cory', name: 'Cory' },
  },
  briefing: {
    components: ['checkout', 'api'],
    service: 'payments',
    impactStartedAt: '2026-03-24T02:40:00.000Z',
    nextUpdateAt: '2026-03-24T03:20:00.000Z',
  },
};

describe('emailMessage', () => {
  it('writes every fact of the summary, then the approved text as it is', () => {
    const message = emailMessage(event, target, 'https://incidents.example.com/rooms/{room}');
    expect(message).toEqual({
      to: ['cto@example.com'],
      subject: '[SEV1] Checkout errors: Status update (identified)',
      text: [
        'What happened: Status update (identified)',
        'Incident: Checkout errors',
        'Severity: SEV1',
        'Phase: identified',
        'Service: payments',
        'Affected: checkout, api',
        'Impact since: 2026-03-24 02:40 UTC',
        'Next update due: 2026-03-24 03:20 UTC',
        'Incident room: https://incidents.example.com/rooms/checkout-errors',
        '',
        APPROVED_TEXT_HEADING,
        '',
        'Line one.\r\n\n  Line three, “quoted” — 🚀',
        '',
      ].join('\n'),
      messageId: '<6b0e3f2a-7f43-4d7e-9a55-0c9f1d2e3b4a@mail.example.com>',
      headers: { 'X-Incident-Room-Event': 'status-update.published' },
    });
  });

  it('leaves out what is unknown, and has nobody to mail at a severity without a list', () => {
    const { briefing: _none, ...older } = event; // a row stored before briefings existed
    const resolved: OutboundEvent = {
      ...older,
      data: { type: 'incident.resolved', resolvedAt: '2026-03-24T04:00:00.000Z' },
    };
    expect(emailMessage(resolved, target, null)?.text).toBe(
      'What happened: Incident resolved\nIncident: Checkout errors\nSeverity: SEV1\nPhase: identified\n',
    );
    const sev2 = { ...event, room: { ...event.room, severity: 'SEV2' as const } };
    expect(emailMessage(sev2, target, null)).toBeNull();
  });
});
