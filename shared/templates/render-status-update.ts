import type { CheckedMustacheTemplate } from './mustache-template';
import { renderMustache } from './mustache-template';
import { statusTemplatePlaceholders } from './status-placeholders';
import { statusUpdateViewSchema, type StatusUpdateView } from './status-update-view';

/**
 * Fills a status-update template for the draft editor. The draft is plain text (it goes to a
 * status page or a chat message, both of which escape on their side), so values are inserted as
 * they are; the view is validated first so a template can only ever see plain strings.
 */
export function renderStatusUpdate(
  template: CheckedMustacheTemplate,
  view: StatusUpdateView,
): string {
  const checked = statusUpdateViewSchema.parse(view);
  return renderMustache(template, checked, (value) => value);
}

/**
 * A draft from a template: its text, and the placeholders the template left in it (those whose
 * field was empty), for `setStatusDraft` to record so approval can refuse them until filled.
 */
export function renderStatusDraft(
  template: CheckedMustacheTemplate,
  view: StatusUpdateView,
): { text: string; placeholders: string[] } {
  const text = renderStatusUpdate(template, view);
  const placeholders = statusTemplatePlaceholders(template).filter((prompt) =>
    text.includes(prompt),
  );
  return { text, placeholders };
}

/** What the times of a draft written now for later say instead, so nobody publishes them stale. */
const LATER_TIME_PROMPTS = { now: '[time of posting]', nextUpdateAt: '[next update time]' };

/**
 * The next draft, prepared when an update is published but sent a cadence later: the times the
 * template would fill from "now" (posting time, next update) are left as placeholders instead,
 * so approval asks for them rather than letting a stale time go out.
 */
export function renderLaterStatusDraft(
  template: CheckedMustacheTemplate,
  view: StatusUpdateView,
): { text: string; placeholders: string[] } {
  const later = { ...view, ...LATER_TIME_PROMPTS };
  const text = renderStatusUpdate(template, later);
  const prompts = [...statusTemplatePlaceholders(template), ...Object.values(LATER_TIME_PROMPTS)];
  return { text, placeholders: prompts.filter((prompt) => text.includes(prompt)) };
}
