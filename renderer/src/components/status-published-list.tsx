import { useState } from 'react';
import type { StatusUpdateSnapshot } from '../../../shared/doc/types';
import type { OutboundDelivery } from '../../../shared/ops/outbound-delivery';
import { localDateTime, utcClock, utcDateTime } from '../../../shared/util/utc-time';
import { deliveryText, latestUpdateFailures } from '../lib/delivery-text';

type Deliveries = Readonly<Record<string, Readonly<Record<string, OutboundDelivery>>>>;

/**
 * The published updates, newest first, each with the phase it was published under and, when the
 * relay sends updates out, where it went and whether it arrived. Targets the latest update did not
 * reach, after every try, are said first.
 */
export function StatusPublishedList({
  updates,
  deliveries,
}: {
  updates: readonly StatusUpdateSnapshot[];
  deliveries: Deliveries;
}) {
  const failures = latestUpdateFailures(updates.at(-1)?.id, deliveries);
  return (
    <>
      <h3 id="published-title">Published ({updates.length})</h3>
      {failures.length > 0 && (
        <p role="alert" className="inline-error" aria-label="Undelivered update">
          {failures.join(' · ')}
        </p>
      )}
      <ul className="list" aria-labelledby="published-title">
        {updates
          .slice()
          .reverse()
          .map((update) => (
            <li
              key={update.id}
              className="card"
              aria-label={`Published update at ${utcClock(update.publishedAt)} UTC`}
            >
              <span className="card__meta" title={localDateTime(update.publishedAt)}>
                {utcDateTime(update.publishedAt)} · {update.severity} · {update.phase} · approved by{' '}
                {update.approvedBy.name}, published by {update.publishedBy.name}
              </span>
              <div className="entry__text">{update.text}</div>
              <DeliveryLines deliveries={deliveries[update.id]} />
              <CopyButton
                text={update.text}
                label={`Copy update published at ${utcClock(update.publishedAt)} UTC`}
              />
            </li>
          ))}
      </ul>
    </>
  );
}

function DeliveryLines({
  deliveries,
}: {
  deliveries: Readonly<Record<string, OutboundDelivery>> | undefined;
}) {
  const targets = Object.entries(deliveries ?? {}).sort(([a], [b]) => a.localeCompare(b));
  if (targets.length === 0) return null;
  return (
    <ul className="card__meta delivery-lines" aria-label="Sent to">
      {targets.map(([targetId, delivery]) => (
        <li key={targetId} className={`delivery delivery--${delivery.state}`}>
          {deliveryText(targetId, delivery)}
        </li>
      ))}
    </ul>
  );
}

function CopyButton({ text, label }: { text: string; label: string }) {
  const [copied, setCopied] = useState<string | null>(null);
  return (
    <span className="row">
      <button
        type="button"
        aria-label={label}
        onClick={() =>
          void navigator.clipboard.writeText(text).then(
            () => setCopied('Copied.'),
            () => setCopied('The clipboard refused; select the text and copy it by hand.'),
          )
        }
      >
        Copy
      </button>
      {copied && <span role="status">{copied}</span>}
    </span>
  );
}
