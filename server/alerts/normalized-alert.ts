/**
 * What every alert source kind (alertmanager, grafana, pagerduty, generic) turns its sender's
 * native payload into, after the request was authenticated. Routing, dedupe and the timeline
 * work on this alone, so a new kind is one parser and one verifier.
 */
export type AlertStatus = 'firing' | 'resolved' | 'acknowledged' | 'annotated';

export interface NormalizedAlert {
  /** One room per (source, dedupeKey): Alertmanager groupKey, Grafana group key, PagerDuty incident id, the generic mapping's key. */
  readonly dedupeKey: string;
  readonly status: AlertStatus;
  /** A one-line title for the room and the timeline entry. */
  readonly title: string;
  /** Longer text (annotations' description/summary, Grafana message, PagerDuty note), if any. */
  readonly description?: string | undefined;
  /** The sender's severity word as sent (e.g. "critical", "P1"); routing rules map it to SEV1–SEV4. */
  readonly severity?: string | undefined;
  /** When it happened at the source (startsAt, created_on, the mapped time), ms since epoch. */
  readonly eventTime: number;
  /** Labels and other matchable fields, flattened to strings, for routing rules. */
  readonly labels: Readonly<Record<string, string>>;
  readonly annotations: Readonly<Record<string, string>>;
  /** The generator, dashboard, panel or incident page link, when the sender gives one. */
  readonly links: readonly { readonly label: string; readonly url: string }[];
  /**
   * Identifies this one notification within its group, so a sender's retry of the same
   * notification appends nothing: fingerprint + status + startsAt, a PagerDuty event id, …
   */
  readonly deliveryId: string;
}
