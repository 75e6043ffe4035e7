import type * as Y from 'yjs';
import { roomRoots } from '../../../shared/doc/roots';
import {
  offerFollowUpTargets,
  readFollowUpTargetsRoot,
  type FollowUpTarget,
} from '../../../shared/ops/follow-up-issues';
import { isDeclared } from '../../../shared/ops/room-guard';
import type { OperationContext } from '../../../shared/ops';
import type { RelayLogger } from '../../logging/logger';
import type { RoomRegistry } from '../../rooms/room-registry';
import { OUTBOUND_ORIGIN } from '../room-delivery-writer';

const OFFER_ACTOR = { id: 'relay-trackers', name: 'Tracker follow-ups' } as const;

/**
 * Keeps each loaded, declared room's `followUpTargets` equal to the tracker targets of the
 * outbound file, so the room can offer "Send to …" for exactly what this relay can send. Checked
 * when a room loads and after each of its changes (a room declared while loaded gets the list
 * then); the check reads a small map, and a write happens only when the list differs, on the
 * next turn (never inside the room's update handling), through the registry like every write of
 * the relay's own.
 */
export class FollowUpTargetOffer {
  private registry: RoomRegistry | null = null;
  private readonly queued = new Set<string>();
  private readonly wanted: string;

  constructor(
    private readonly targets: readonly FollowUpTarget[],
    private readonly logger: RelayLogger,
  ) {
    this.wanted = key(targets);
  }

  attach(registry: RoomRegistry): void {
    this.registry = registry;
  }

  check(roomId: string, doc: Y.Doc): void {
    if (this.targets.length === 0 || this.queued.has(roomId)) return;
    const roots = roomRoots(doc);
    if (!isDeclared(roots) || key(readFollowUpTargetsRoot(roots.followUpTargets)) === this.wanted)
      return;
    this.queued.add(roomId);
    setImmediate(() => {
      this.queued.delete(roomId);
      void this.write(roomId);
    });
  }

  /** Never rejects. In shared mode a room not loaded here is loaded first (asynchronously). */
  private async write(roomId: string): Promise<void> {
    const registry = this.registry;
    if (!registry) return;
    const ctx: OperationContext = {
      actor: { ...OFFER_ACTOR },
      now: Date.now,
      clockOffsetMs: 0,
      origin: OUTBOUND_ORIGIN,
    };
    try {
      const room = await registry.acquire(roomId);
      try {
        offerFollowUpTargets(room.doc, ctx, { targets: [...this.targets] });
      } finally {
        registry.release(room);
      }
    } catch (error) {
      this.logger.warn({ err: error, room: roomId }, 'follow-up targets not offered to the room');
    }
  }
}

function key(targets: readonly FollowUpTarget[]): string {
  return JSON.stringify([...targets].sort((a, b) => (a.id < b.id ? -1 : 1)));
}
