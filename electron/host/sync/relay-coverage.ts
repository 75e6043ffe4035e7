import * as Y from 'yjs';

/**
 * What the relay is known to hold durably: the state vector from its last MESSAGE_CONFIRMED and,
 * when we have seen one, the delete set of its latest sync answer.
 */
export interface RelayKnowledge {
  stateVector: Map<number, number>;
  deleteSet: ReturnType<typeof Y.createDeleteSet> | null;
}

/** Whether an update only deletes (a state vector cannot tell whether a relay has it). */
export function isDeleteOnly(update: Uint8Array): boolean {
  return Y.parseUpdateMeta(update).to.size === 0;
}

/**
 * Whether the relay holds this local update.
 *
 * Inserts are covered when the relay's state vector reaches past every clock the update created.
 * That is enough for the deletes made in the same transaction too: every message that carries a
 * struct of a transaction (the update itself, or a sync answer with our whole delete set) also
 * carries that transaction's deletes, and the relay stores a message as a whole.
 * A delete-only update creates no clock, so it is covered only once a delete set from the relay
 * contains it.
 */
export function isCoveredByRelay(update: Uint8Array, relay: RelayKnowledge): boolean {
  const { to } = Y.parseUpdateMeta(update);
  if (to.size > 0) {
    for (const [client, end] of to) {
      if ((relay.stateVector.get(client) ?? 0) < end) return false;
    }
    return true;
  }
  if (relay.deleteSet === null) return false;
  return Y.snapshotContainsUpdate(Y.createSnapshot(relay.deleteSet, relay.stateVector), update);
}
