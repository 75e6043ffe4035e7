import type * as Y from 'yjs';

/**
 * Rewrites a Y.Text to `next` by replacing only the span that differs. A wholesale delete+insert
 * would discard a concurrent collaborator's keystrokes anywhere in the text; a minimal splice keeps
 * every edit outside the changed span.
 */
export function spliceText(text: Y.Text, next: string): boolean {
  const current = text.toJSON();
  if (current === next) return false;
  let start = 0;
  const maxStart = Math.min(current.length, next.length);
  while (start < maxStart && current.charCodeAt(start) === next.charCodeAt(start)) start++;
  let endCurrent = current.length;
  let endNext = next.length;
  while (
    endCurrent > start &&
    endNext > start &&
    current.charCodeAt(endCurrent - 1) === next.charCodeAt(endNext - 1)
  ) {
    endCurrent--;
    endNext--;
  }
  // Never split a surrogate pair: a half character on either side would corrupt the text.
  if (start > 0 && isHighSurrogate(current.charCodeAt(start - 1))) start--;
  if (endCurrent < current.length && isLowSurrogate(current.charCodeAt(endCurrent))) {
    endCurrent++;
    endNext++;
  }
  if (endCurrent > start) text.delete(start, endCurrent - start);
  if (endNext > start) text.insert(start, next.slice(start, endNext));
  return true;
}

function isHighSurrogate(code: number): boolean {
  return code >= 0xd800 && code <= 0xdbff;
}

function isLowSurrogate(code: number): boolean {
  return code >= 0xdc00 && code <= 0xdfff;
}
