import type * as Y from 'yjs';
import type { Phase, Severity } from '../../shared/doc/enums';
import { readMeta, readMilestones, readStatusUpdates } from '../../shared/read/room-parts';
import { presentRoots } from '../rooms/present-roots';

/** One published status update as a page shows it: the approved text, exactly as published. */
export interface PublishedUpdate {
  readonly id: string;
  readonly text: string;
  readonly phase: Phase;
  readonly publishedAt: string;
}

/** What a status page shows of a room its IC listed there; nothing else of the room leaves it. */
export interface StatusPageListing {
  readonly pageId: string;
  readonly componentIds: readonly string[];
  readonly title: string | null;
  readonly severity: Severity | null;
  readonly phase: Phase | null;
  readonly resolved: boolean;
  readonly declaredAt: string | null;
  readonly resolvedAt: string | null;
  /** In publishing order. */
  readonly updates: readonly PublishedUpdate[];
}

/**
 * The room's status page fields, read with the shared read model: the IC's choice, the meta, the
 * milestones and the published snapshots. The draft, the approval and the timeline are never read
 * here, so they cannot reach a page. Null when the room is on no page.
 */
export function readStatusPageListing(doc: Y.Doc): StatusPageListing | null {
  const roots = presentRoots(doc);
  const meta = readMeta(roots);
  if (!meta.statusPage || meta.formatVersion === null) return null;
  const resolved = meta.phase?.name === 'resolved';
  return {
    pageId: meta.statusPage.pageId,
    componentIds: meta.statusPage.componentIds,
    title: meta.title,
    severity: meta.severity,
    phase: meta.phase?.name ?? null,
    resolved,
    declaredAt: meta.createdAt,
    resolvedAt: resolved ? readMilestones(roots).resolved : null,
    updates: readStatusUpdates(roots).map(({ id, text, phase, publishedAt }) => ({
      id,
      text,
      phase,
      publishedAt,
    })),
  };
}
