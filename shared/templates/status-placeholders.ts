import Mustache from 'mustache';
import { MAX_PLACEHOLDER_CHARS } from '../doc/status-placeholders';
import type { CheckedMustacheTemplate } from './mustache-template';

// Mustache.parse's token tuple: [type, value, start, end, children?, ...]
type Token = [string, string, number, number, Token[]?, ...unknown[]];

/** One bracketed prompt on one line: `[service]`, `[what customers are experiencing]`. */
const BRACKETED = /\[[^[\]\n]+\]/g;

/**
 * The placeholders of a status template: bracketed text inside an inverted section, the
 * documented way to leave a visible blank for an empty field
 * (`{{^service}}[service]{{/service}}`, docs/TEMPLATES.md). Brackets elsewhere are the template's
 * own words (the `[Investigating]` tag) and never block approval.
 */
export function statusTemplatePlaceholders(template: CheckedMustacheTemplate): string[] {
  const tokens = Mustache.parse(template.text, ['{{', '}}']) as unknown as Token[];
  const found = new Set<string>();
  collect(tokens, false, found);
  return [...found];
}

function collect(tokens: readonly Token[], inInverted: boolean, found: Set<string>): void {
  for (const token of tokens) {
    const [type, value] = token;
    if (type === 'text' && inInverted) {
      for (const match of value.matchAll(BRACKETED)) {
        if (match[0].length <= MAX_PLACEHOLDER_CHARS) found.add(match[0]);
      }
    } else if (type === '#' || type === '^') {
      collect(token[4] ?? [], inInverted || type === '^', found);
    }
  }
}
