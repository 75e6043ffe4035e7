import { useState } from 'react';
import type { StatusUpdateSnapshot } from '../../../shared/doc/types';
import { localDateTime, utcClock, utcDateTime } from '../../../shared/util/utc-time';

/** The published updates, newest first, each with the phase it was published under. */
export function StatusPublishedList({ updates }: { updates: readonly StatusUpdateSnapshot[] }) {
  return (
    <>
      <h3 id="published-title">Published ({updates.length})</h3>
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
