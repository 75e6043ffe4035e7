import type { CheckedMustacheTemplate } from './mustache-template';
import { renderMustache } from './mustache-template';
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
