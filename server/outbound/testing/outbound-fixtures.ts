/**
 * What the outbound integration tests share: the secrets and settings of their outbound files,
 * the body shapes receivers check, the verifier as docs/OUTBOUND.md prints it, and the room
 * changes that make each event.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeAll } from 'vitest';
import type * as Y from 'yjs';
import {
  approveStatusUpdate,
  assignRole,
  publishStatusUpdate,
  resolveIncident,
  setSeverity,
  setStatusDraft,
  type OperationContext,
} from '../../../shared/ops';
import { openDeclaredRoom, type DeclaredRoom } from '../../testing/declared-room';
import { OutboundReceiver } from './outbound-receiver';

import { documentedVerifier, type Verifier } from './documented-verifier';

export { documentedVerifier, type Verifier };

export const SECRET = 'whsec-test-5c1e0b7a9d2f48e6a1b3';
export const SLACK_PATH = '/services/T0TEST/B0TEST/s3cr3tSlackToken';
export const TEAM_KEY = 'team-key-0123456789abcdef';
export const ic: OperationContext = { actor: { id: 'u-ic', name: 'Iris' }, now: Date.now };
/** Short waits so a test takes seconds; docs/OUTBOUND.md has the defaults. */
export const FAST =
  'delivery: { maxAttempts: 30, initialBackoffMs: 50, maxBackoffMs: 200, timeoutMs: 2000 }';
export const ALL_EVENTS =
  '[room.declared, severity.changed, role.handed-over, status-update.published, incident.resolved]';

export interface WebhookBody {
  schema: string;
  id: string;
  type: string;
  room: { id: string; title: string; severity: string; phase: string; url: string | null };
  data: Record<string, unknown>;
}

export interface SlackBody {
  text: string;
  blocks: {
    type: string;
    text?: { type: string; text: string };
    fields?: unknown[];
    elements?: { text: string }[];
  }[];
}

export function outboundFile(lines: string[]): string {
  const path = join(mkdtempSync(join(tmpdir(), 'outbound-')), 'outbound.yaml');
  writeFileSync(path, lines.join('\n'));
  return path;
}

export function publish(doc: Y.Doc, text: string): string {
  setStatusDraft(doc, ic, { text });
  approveStatusUpdate(doc, ic);
  return publishStatusUpdate(doc, ic).id;
}

/** Everything after the declaration (which openDeclaredRoom made): four more events. */
export function runIncident(doc: Y.Doc, text: string): string {
  setSeverity(doc, ic, { severity: 'SEV1' });
  assignRole(doc, ic, { role: 'comms', person: { id: 'u-cory', name: 'Cory' } });
  const updateId = publish(doc, text);
  resolveIncident(doc, ic, { overrideReason: 'test' });
  return updateId;
}

export const EVENT_ORDER = [
  'room.declared',
  'severity.changed',
  'role.handed-over',
  'status-update.published',
  'incident.resolved',
];

/** The outbound file's line for a webhook target signed with SECRET. */
export function webhookTarget(url: string, id = 'ops-hook'): string {
  return `  - { id: ${id}, kind: webhook, url: "${url}", secret: ${SECRET} }`;
}

/** Receivers a test starts, all stopped after it. */
export class ReceiverPool {
  private receivers: OutboundReceiver[] = [];

  async start(): Promise<OutboundReceiver> {
    const started = await OutboundReceiver.start();
    this.receivers.push(started);
    return started;
  }

  /** A receiver started elsewhere (inside a fake API), stopped with the others. */
  adopt(receiver: OutboundReceiver): void {
    this.receivers.push(receiver);
  }

  async stopAll(): Promise<void> {
    const stopping = this.receivers.map((receiver) => receiver.stop().catch(() => undefined));
    this.receivers = [];
    await Promise.all(stopping);
  }
}

/** What each outbound integration test uses, cleaned up after it. */
export interface OutboundTestParts {
  readonly receivers: ReceiverPool;
  /** The verifier as docs/OUTBOUND.md prints it (loaded before the tests run). */
  verify: Verifier;
  /** A real relay started with `args`, with a declared room (openDeclaredRoom); closed after. */
  openRoom(args: readonly string[]): Promise<DeclaredRoom>;
}

/** Call inside `describe`: registers the loading and the cleanup of the parts with vitest. */
export function useOutboundTestParts(): OutboundTestParts {
  const receivers = new ReceiverPool();
  const rooms: DeclaredRoom[] = [];
  const parts: OutboundTestParts = {
    receivers,
    verify: () => {
      throw new Error('the documented verifier is not loaded yet');
    },
    openRoom: async (args) => {
      const room = await openDeclaredRoom(args);
      rooms.push(room);
      return room;
    },
  };
  beforeAll(async () => {
    parts.verify = await documentedVerifier();
  });
  afterEach(async () => {
    for (const room of rooms.splice(0)) await room.close();
    await receivers.stopAll();
  });
  return parts;
}
