import type { CheckedMustacheTemplate } from '../templates/mustache-template';
import { renderMustache } from '../templates/mustache-template';
import { postmortemViewSchema, type PostmortemView } from '../templates/postmortem-view';
import { escapeMarkdown } from './markdown-escape';

/**
 * Renders the postmortem Markdown from a checked template (built-in or the user's own) and a view.
 * The view is re-validated so a template only ever sees plain strings, flags and lists of them:
 * nothing callable (Mustache would call a function as a lambda), nothing unexpected.
 */
export function renderPostmortemMarkdown(
  template: CheckedMustacheTemplate,
  view: PostmortemView,
): string {
  const checked = postmortemViewSchema.parse(view);
  // Mustache keeps blank lines around standalone section tags' content; collapse runs of them so
  // empty optional parts do not leave holes.
  return `${renderMustache(template, checked, escapeMarkdown)
    .replace(/\n{3,}/g, '\n\n')
    .trim()}\n`;
}
