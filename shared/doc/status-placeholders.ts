/**
 * Placeholders are the bracketed prompts a status template leaves for the writer when a field is
 * empty (`[service]`, `[what customers are experiencing]`; see docs/TEMPLATES.md). Whoever
 * inserts a template records the prompts it left under `statusReview.placeholders`, so approval
 * can refuse a draft that still contains one without guessing which brackets are prompts: a
 * bracket the writer typed, or a template's `[Investigating]` tag, is never one.
 */

/** At most this many prompts are kept; the built-in templates leave two or three. */
export const MAX_RECORDED_PLACEHOLDERS = 50;
/** A prompt longer than this is not a prompt but a paragraph. */
export const MAX_PLACEHOLDER_CHARS = 200;

/** The recorded prompts as stored, tolerating anything malformed (it is skipped). */
export function asPlaceholderList(value: unknown): string[] {
  if (!Array.isArray(value)) return [];
  return value.filter(
    (item): item is string =>
      typeof item === 'string' && item.trim() !== '' && item.length <= MAX_PLACEHOLDER_CHARS,
  );
}

/** The recorded prompts the draft still contains, each once, in the order they were recorded. */
export function unfilledPlaceholders(draft: string, recorded: unknown): string[] {
  return [...new Set(asPlaceholderList(recorded))].filter((prompt) => draft.includes(prompt));
}
