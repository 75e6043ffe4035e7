import type * as Y from 'yjs';
import type { Person } from '../../../shared/doc/types';
import type { OperationContext } from '../../../shared/ops/context';
import {
  addActionItem,
  approveStatusUpdate,
  declareIncident,
  logEntry,
  markChecklistItem,
  pinEntry,
  proposeDecision,
  publishStatusUpdate,
  rejectDecision,
  requestStatusReview,
  setMilestone,
  setStatusDraft,
} from '../../../shared/ops';
import type { EntryKind } from '../../../shared/doc/enums';

export const DEMO_PEOPLE = {
  ic: { id: 'user-ic', name: 'Dana (IC)' },
  ops: { id: 'user-ops', name: 'Jane' },
  comms: { id: 'user-comms', name: 'Bob' },
  scribe: { id: 'user-scribe', name: 'Priya' },
} as const satisfies Record<string, Person>;

const ctx = (actor: Person, at: number): OperationContext => ({ actor, now: () => at });

const LINES: ReadonlyArray<[EntryKind, string]> = [
  ['alert', 'PagerDuty: checkout 5xx rate above 5% for 5 minutes'],
  ['observation', 'payments-api p99 latency 4.2 s, normally 300 ms'],
  ['observation', 'DB connection pool saturated on payments-api pods (10/10 in use)'],
  ['action', 'Jane scaling payments-api from 6 to 12 pods'],
  ['observation', 'Scaling did not help: each pod still capped at 10 connections'],
  ['comms', 'Support told to expect checkout failure tickets'],
  ['note', 'Deploy at 14:32 bumped pgpool 2.3.1 → 2.4.0'],
  ['action', 'Comparing pool settings between v2.13 and v2.14'],
];

/**
 * An active SEV1 twenty minutes in, built only through the operations: what the demo page and
 * the virtualization test render. `extraEntries` pads the timeline to stress the list.
 */
export function buildBusyRoom(doc: Y.Doc, nowMs: number, extraEntries = 0): void {
  const start = nowMs - 22 * 60_000;
  const at = (minutes: number) => start + minutes * 60_000;
  const { ic, ops, comms, scribe } = DEMO_PEOPLE;
  declareIncident(doc, ctx(ic, at(2)), {
    title: 'Checkout failing for most customers',
    severity: 'SEV1',
    incidentType: 'bad-deploy',
    service: 'payments-api',
    roles: { ops, comms, scribe },
  });
  setMilestone(doc, ctx(ic, at(2)), { name: 'impactStarted', at: at(0) });
  LINES.forEach(([kind, text], index) =>
    logEntry(doc, ctx(scribe, at(3 + index * 2)), { kind, text, at: at(2 + index * 2) }),
  );
  for (let index = 0; index < extraEntries; index++) {
    logEntry(doc, ctx(scribe, at(2)), {
      kind: 'observation',
      text: `Synthetic reading #${index + 1}`,
      at: at(2) - index * 1000,
    });
  }
  const cause = logEntry(doc, ctx(ops, at(17)), {
    kind: 'observation',
    text: 'Cause: pgpool 2.4.0 lowered the default pool size from 100 to 10',
  });
  pinEntry(doc, ctx(ic, at(17)), { id: cause.id });
  const rejected = proposeDecision(doc, ctx(ops, at(12)), {
    proposal: 'Fail over the primary database',
    risk: 'Two minutes of write downtime',
  });
  rejectDecision(doc, ctx(ic, at(13)), {
    id: rejected.id,
    reason: 'Database is healthy; the limit is client-side',
  });
  proposeDecision(doc, ctx(ops, at(18)), {
    proposal: 'Roll back payments-api to v2.13',
    rationale: 'v2.14 carries the pgpool bump',
    risk: 'Low: v2.13 ran for two weeks',
  });
  setStatusDraft(doc, ctx(comms, at(5)), {
    text: '[Investigating] Checkout: some customers cannot complete payment. We are investigating. Next update by 15:00 UTC.',
  });
  requestStatusReview(doc, ctx(comms, at(5)));
  approveStatusUpdate(doc, ctx(ic, at(6)));
  publishStatusUpdate(doc, ctx(comms, at(6)));
  setStatusDraft(doc, ctx(comms, at(19)), {
    text: '[Identified] Checkout: we found a configuration change that limits payment processing and are rolling it back. Next update in 15 minutes.',
  });
  requestStatusReview(doc, ctx(comms, at(19)));
  markChecklistItem(doc, ctx(ic, at(3)), { itemId: 'declare-ic', done: true });
  addActionItem(doc, ctx(ic, at(20)), {
    title: 'Pin pgpool pool size explicitly in payments-api config',
    owner: 'Jane',
    priority: 'P1',
  });
}
