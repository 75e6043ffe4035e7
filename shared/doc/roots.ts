import * as Y from 'yjs';
import { POSTMORTEM_ROOT_PREFIX, ROOT } from './format';
import type { PostmortemField } from './enums';

/**
 * Typed handles on the document's roots. Values are `unknown` on purpose: a peer may have
 * written anything, so readers check shapes instead of trusting a cast.
 */
export interface RoomRoots {
  meta: Y.Map<unknown>;
  milestones: Y.Map<unknown>;
  links: Y.Map<unknown>;
  roles: Y.Map<unknown>;
  /** Subject-matter experts: person id → `ExpertValue`. */
  experts: Y.Map<unknown>;
  /** Format 1's entries (Y.Maps), read until the room is migrated; never written by format 2. */
  timeline: Y.Array<unknown>;
  /** Format 2's entries: entry id → encoded `EntryRecord`. */
  timelineEntries: Y.Map<unknown>;
  /** Format 2's changes to entries: encoded `EntryChange`s, in the order they apply. */
  timelineChanges: Y.Array<unknown>;
  decisions: Y.Array<unknown>;
  statusDraft: Y.Text;
  statusReview: Y.Map<unknown>;
  statusUpdates: Y.Array<unknown>;
  actionItems: Y.Array<unknown>;
  checklist: Y.Map<unknown>;
  /** Published update id → how its delivery to each outbound target stands (the relay writes it). */
  outboundDeliveries: Y.Map<unknown>;
  /** Tracker target id → `{ kind }`: where follow-ups can be sent (the relay writes it). */
  followUpTargets: Y.Map<unknown>;
}

/** What kind of shared type each root is: the one list both ways of taking roots build from. */
export type RootKind = 'map' | 'array' | 'text';

type RootType = Y.Map<unknown> | Y.Array<unknown> | Y.Text;

const ROOT_KINDS: { readonly [K in keyof RoomRoots]: RootKind } = {
  meta: 'map',
  milestones: 'map',
  links: 'map',
  roles: 'map',
  experts: 'map',
  timeline: 'array',
  timelineEntries: 'map',
  timelineChanges: 'array',
  decisions: 'array',
  statusDraft: 'text',
  statusReview: 'map',
  statusUpdates: 'array',
  actionItems: 'array',
  checklist: 'map',
  outboundDeliveries: 'map',
  followUpTargets: 'map',
};

/** The root `name` of `doc` as the shared type of `kind` (created when the document lacks it). */
export function typedRoot(doc: Y.Doc, name: string, kind: RootKind): RootType {
  if (kind === 'map') return doc.getMap(name);
  if (kind === 'array') return doc.getArray(name);
  return doc.getText(name);
}

/**
 * The roots, each taken by `take(name, kind)`: `roomRoots` takes them from the document itself;
 * a reader that must not add roots to a document can take missing ones from elsewhere.
 */
export function roomRootsFrom(take: (name: string, kind: RootKind) => RootType): RoomRoots {
  const roots: Partial<Record<keyof RoomRoots, RootType>> = {};
  for (const key of Object.keys(ROOT_KINDS) as Array<keyof RoomRoots>) {
    roots[key] = take(ROOT[key], ROOT_KINDS[key]);
  }
  // Every key was taken with the kind ROOT_KINDS gives it, which is its type in RoomRoots.
  return roots as RoomRoots;
}

export function roomRoots(doc: Y.Doc): RoomRoots {
  return roomRootsFrom((name, kind) => typedRoot(doc, name, kind));
}

export function postmortemRootName(field: PostmortemField): string {
  return `${POSTMORTEM_ROOT_PREFIX}${field}`;
}

export function postmortemText(doc: Y.Doc, field: PostmortemField): Y.Text {
  return doc.getText(postmortemRootName(field));
}

/** Finds the Y.Map with this `id` in an entity array; linear, fine at incident sizes. */
export function findEntityMap(array: Y.Array<unknown>, id: string): Y.Map<unknown> | null {
  for (const item of array) {
    if (item instanceof Y.Map && item.get('id') === id) return item as Y.Map<unknown>;
  }
  return null;
}
