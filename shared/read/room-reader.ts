import type * as Y from 'yjs';
import { POSTMORTEM_FIELDS } from '../doc/enums';
import { postmortemText, roomRoots, type RoomRoots } from '../doc/roots';
import { assembleRoom, type AssembledRoom } from './assemble-room';
import type { ReadRoomOptions } from './read-room';
import {
  PART_ROOTS,
  readActionItems,
  readChecklist,
  readDecisions,
  readExperts,
  readLinks,
  readMeta,
  readMilestones,
  readPostmortem,
  readRoles,
  readStatusReview,
  readStatusUpdates,
  type PartName,
  type RoomParts,
} from './room-parts';
import { readFollowUpTargetsRoot } from '../ops/follow-up-issues';
import { readOutboundDeliveriesRoot } from '../ops/outbound-delivery';
import { SortedTimeline } from './sorted-timeline';
import type { RoomSnapshot } from './types';

/**
 * `readRoom`, incrementally, for a view that re-reads after every change. It watches the
 * document's roots and, on `read`, re-reads only the parts whose roots changed since the last
 * read; the timeline re-reads only the entries that changed and keeps the others' view objects,
 * so rows memoised on their entry do not re-render. The result always equals `readRoom` of the
 * same document at the same `now` (a property test holds it to that).
 */
export class RoomReader {
  private readonly roots: RoomRoots;
  private readonly dirty = new Set<PartName>(ALL_PARTS);
  private readonly timeline: SortedTimeline;
  private last: AssembledRoom | null = null;
  private readonly unobserve: Array<() => void> = [];

  constructor(private readonly doc: Y.Doc) {
    this.roots = roomRoots(doc);
    this.timeline = new SortedTimeline(this.roots);
    for (const [part, rootNames] of Object.entries(PART_ROOTS) as Array<
      [PartName, ReadonlyArray<keyof RoomRoots>]
    >) {
      for (const rootName of rootNames) {
        const root = this.roots[rootName];
        this.watch(root, this.timelineObserver(rootName), part);
      }
    }
    for (const field of POSTMORTEM_FIELDS) {
      this.watch(postmortemText(doc, field), () => undefined, 'postmortem');
    }
  }

  private timelineObserver(
    rootName: keyof RoomRoots,
  ): (events: Array<Y.YEvent<Y.AbstractType<unknown>>>) => void {
    if (rootName === 'timelineEntries') return (events) => this.timeline.noteEntryRecords(events);
    if (rootName === 'timelineChanges') return (events) => this.timeline.noteChangeRecords(events);
    if (rootName === 'timeline') return () => this.timeline.noteMapChanges();
    return () => undefined;
  }

  /** Whether anything changed since the last `read`. */
  get changed(): boolean {
    return this.dirty.size > 0;
  }

  read(options: ReadRoomOptions = {}): RoomSnapshot {
    const previous = this.last;
    const parts: RoomParts = previous
      ? { ...previous.parts }
      : // Every part is dirty before the first read; these placeholders are all replaced below.
        ({} as RoomParts);
    for (const part of this.dirty) this.readPart(parts, part);
    this.dirty.clear();
    const room = assembleRoom(parts, options.now ?? Date.now(), previous);
    this.last = { parts, room };
    return room;
  }

  /** Stops watching the document. */
  destroy(): void {
    for (const stop of this.unobserve.splice(0)) stop();
    this.last = null;
  }

  private watch(
    type: Y.Map<unknown> | Y.Array<unknown> | Y.Text,
    onEvents: (events: Array<Y.YEvent<Y.AbstractType<unknown>>>) => void,
    part: PartName,
  ): void {
    const observer = (events: Array<Y.YEvent<Y.AbstractType<unknown>>>) => {
      this.dirty.add(part);
      onEvents(events);
    };
    type.observeDeep(observer);
    this.unobserve.push(() => type.unobserveDeep(observer));
  }

  private readPart(parts: RoomParts, part: PartName): void {
    const roots = this.roots;
    switch (part) {
      case 'meta':
        parts.meta = readMeta(roots);
        return;
      case 'milestones':
        parts.milestones = readMilestones(roots);
        return;
      case 'links':
        parts.links = readLinks(roots);
        return;
      case 'roles':
        parts.roles = readRoles(roots);
        return;
      case 'experts':
        parts.experts = readExperts(roots);
        return;
      case 'timeline':
        parts.timeline = this.timeline.entries();
        return;
      case 'decisions':
        parts.decisions = readDecisions(roots);
        return;
      case 'statusReview':
        parts.statusReview = readStatusReview(roots);
        return;
      case 'statusUpdates':
        parts.statusUpdates = readStatusUpdates(roots);
        return;
      case 'actionItems':
        parts.actionItems = readActionItems(roots);
        return;
      case 'postmortem':
        parts.postmortem = readPostmortem(this.doc);
        return;
      case 'checklist':
        parts.checklist = readChecklist(roots);
        return;
      case 'outboundDeliveries':
        parts.outboundDeliveries = readOutboundDeliveriesRoot(roots.outboundDeliveries);
        return;
      case 'followUpTargets':
        parts.followUpTargets = readFollowUpTargetsRoot(roots.followUpTargets);
        return;
      default: {
        // A part added to RoomParts without a case here would be read never: a compile error.
        const unread: never = part;
        throw new Error(`no reader for part ${String(unread)}`);
      }
    }
  }
}

const ALL_PARTS: readonly PartName[] = [
  'meta',
  'milestones',
  'links',
  'roles',
  'experts',
  'timeline',
  'decisions',
  'statusReview',
  'statusUpdates',
  'actionItems',
  'postmortem',
  'checklist',
  'outboundDeliveries',
  'followUpTargets',
];
