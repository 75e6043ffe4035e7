import {
  MILESTONES,
  MILESTONE_TITLES,
  ROLES,
  ROLE_TITLES,
  type ActionItemStatus,
  type MilestoneName,
} from '../doc/enums';
import type { MetricName } from '../rules/metrics';
import type { RoomSnapshot, TimelineEntryView } from '../read/types';
import type { PostmortemView } from '../templates/postmortem-view';
import { splitTextItems, splitWhy } from './text-items';
import { humanDuration, msBetween, signedSeconds } from '../util/durations';
import { utcClock, utcDate, utcDateTime, type SecondsShown } from '../util/utc-time';

// A postmortem keeps the seconds a time was recorded with (14:32:15) and drops a bare ":00".
const SECONDS: SecondsShown = 'when-not-zero';

export interface BuildPostmortemViewOptions {
  /** When the export is made (ISO-8601 UTC); passed in so output is reproducible. */
  readonly generatedAt: string;
  /** Severity id → name from the severity template ("SEV2" → "Major"). */
  readonly severityNames?: Readonly<Record<string, string>>;
}

const NOT_RECORDED = 'not recorded';

const METRICS: ReadonlyArray<{
  metric: MetricName;
  abbreviation: string;
  name: string;
  from: MilestoneName;
  to: MilestoneName;
}> = [
  {
    metric: 'timeToDetect',
    abbreviation: 'TTD',
    name: 'Time to detect',
    from: 'impactStarted',
    to: 'detected',
  },
  {
    metric: 'timeToAcknowledge',
    abbreviation: 'TTA',
    name: 'Time to acknowledge',
    from: 'detected',
    to: 'acknowledged',
  },
  {
    metric: 'timeToMitigate',
    abbreviation: 'TTM',
    name: 'Time to mitigate',
    from: 'impactStarted',
    to: 'mitigated',
  },
  {
    metric: 'timeToResolve',
    abbreviation: 'TTR',
    name: 'Time to resolve',
    from: 'impactStarted',
    to: 'resolved',
  },
];

const ACTION_STATUS_WORDS: Record<ActionItemStatus, string> = {
  open: 'open',
  'in-progress': 'in progress',
  done: 'done',
  'wont-do': "won't do",
};

/** A timeline entry written this long after its event time is marked as reconstructed. */
const BACKFILL_NOTE_AFTER_MS = 2 * 60_000;
/** Clock corrections smaller than this are noise, not worth a reader's attention. */
const CLOCK_NOTE_FROM_MS = 1000;

/**
 * Turns a room's read model into the postmortem template's view. Everything comes from the room;
 * nothing is invented: a missing milestone reads "not recorded", an unwritten section is empty so
 * the template says so. Values are plain text here; escaping is the renderer's job.
 */
export function buildPostmortemView(
  room: RoomSnapshot,
  options: BuildPostmortemViewOptions,
): PostmortemView {
  const { milestones } = room;
  const severity = room.severity ?? '';
  const metricValues = room.metrics;

  return {
    title: oneLine(room.title ?? 'Untitled incident'),
    severity: severity === '' ? NOT_RECORDED : severity,
    severityName: options.severityNames?.[severity] ?? '',
    phase: room.phase ?? 'not declared',
    date: utcDate(milestones.impactStarted ?? room.createdAt ?? options.generatedAt),
    duration: describeDuration(milestones.impactStarted, milestones.resolved),
    generatedAt: utcDateTime(options.generatedAt, SECONDS),
    roles: ROLES.flatMap((role) => {
      const person = room.roles[role];
      return person === undefined
        ? []
        : [{ role: ROLE_TITLES[role], person: oneLine(person.name) }];
    }),
    experts: room.experts.map((expert) => ({
      person: oneLine(expert.name),
      area: oneLine(expert.area),
    })),
    summary: room.postmortem.summary.trim(),
    impact: room.postmortem.impact.trim(),
    metrics: METRICS.map(({ metric, abbreviation, name, from, to }) => {
      const ms = metricValues[`${metric}Ms`];
      const outOfOrder = metricValues.inconsistencies.includes(metric);
      return {
        abbreviation,
        name,
        value:
          ms === null
            ? NOT_RECORDED
            : outOfOrder
              ? `${humanDuration(ms)} (milestones out of order: check ${MILESTONE_TITLES[to].toLowerCase()})`
              : humanDuration(ms),
        measuredAs: `${MILESTONE_TITLES[from].toLowerCase()} → ${MILESTONE_TITLES[to].toLowerCase()}`,
      };
    }),
    milestones: MILESTONES.map((name) => {
      const at = milestones[name];
      return {
        name: MILESTONE_TITLES[name],
        at: at === null ? NOT_RECORDED : utcDateTime(at, SECONDS),
      };
    }),
    timeline: room.timeline.map((entry) => ({
      date: utcDate(entry.at),
      time: utcClock(entry.at, SECONDS),
      kind: entry.kind,
      text: entry.text,
      author: oneLine(entry.author.name),
      pinned: entry.pinned !== null,
      notes: provenanceNotes(entry),
    })),
    decisions: room.decisions.map((decision) => ({
      proposal: decision.proposal,
      proposer: oneLine(decision.proposer.name),
      status: decision.status,
      decidedBy: decision.decidedBy === null ? '' : oneLine(decision.decidedBy.name),
      decidedAt: decision.decidedAt === null ? '' : utcDateTime(decision.decidedAt, SECONDS),
      rationale: decision.rationale ?? '',
      risk: decision.risk ?? '',
      reason: decision.reason ?? '',
    })),
    statusUpdates: room.status.updates.map((update) => ({
      publishedAt: utcDateTime(update.publishedAt, SECONDS),
      phase: update.phase,
      approvedBy: oneLine(update.approvedBy.name),
      publishedBy: oneLine(update.publishedBy.name),
      text: update.text,
    })),
    contributingFactors: splitTextItems(room.postmortem.contributingFactors),
    fiveWhys: splitTextItems(room.postmortem.fiveWhys).map((line, index) => ({
      step: String(index + 1),
      ...splitWhy(line),
    })),
    wentWell: splitTextItems(room.postmortem.wentWell),
    wentPoorly: splitTextItems(room.postmortem.wentPoorly),
    gotLucky: splitTextItems(room.postmortem.gotLucky),
    // Table cells cannot hold line breaks; joining lines keeps every word on one row.
    actionItems: room.actionItems.map((item) => ({
      title: oneLine(item.title),
      owner: item.owner === null ? 'unassigned' : oneLine(item.owner),
      priority: item.priority,
      due: item.due === null ? '' : oneLine(item.due),
      status: ACTION_STATUS_WORDS[item.status],
      issues: Object.values(item.followUps.issues)
        .flatMap((issue) => (issue.state === 'created' && issue.url ? [issue] : []))
        .map((issue) => oneLine(`${issue.ref ?? ''} ${issue.url}`.trim()))
        .join('; '),
    })),
    hasActionItems: room.actionItems.length > 0,
    followUpMetrics: splitTextItems(room.postmortem.followUpMetrics),
  };
}

function describeDuration(start: string | null, end: string | null): string {
  if (start === null) return NOT_RECORDED;
  if (end === null) return `since ${utcDateTime(start, SECONDS)} (not resolved)`;
  const ms = msBetween(start, end) ?? 0;
  const endText =
    utcDate(start) === utcDate(end)
      ? utcClock(end, SECONDS)
      : `${utcDate(end)} ${utcClock(end, SECONDS)}`;
  return `${utcClock(start, SECONDS)} – ${endText} UTC (${humanDuration(ms)})`;
}

/** Why a reader should treat an entry's time with care. */
function provenanceNotes(entry: TimelineEntryView): string[] {
  const notes: string[] = [];
  const lag = msBetween(entry.at, entry.recordedAt);
  if (entry.offline) notes.push(`written offline at ${utcClock(entry.recordedAt, SECONDS)}`);
  else if (lag !== null && lag > BACKFILL_NOTE_AFTER_MS)
    notes.push(`recorded at ${utcClock(entry.recordedAt, SECONDS)}`);
  if (entry.clockOffsetMs !== null && Math.abs(entry.clockOffsetMs) >= CLOCK_NOTE_FROM_MS) {
    notes.push(`author's clock corrected by ${signedSeconds(entry.clockOffsetMs)}`);
  }
  if (entry.revisions.length > 0) notes.push(`edited ${entry.revisions.length}×`);
  return notes;
}

function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}
