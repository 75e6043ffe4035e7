import { describe, expect, it } from 'vitest';
import { parseTemplateFile } from './parse-template-file';
import { renderLaterStatusDraft, renderStatusDraft } from './render-status-update';
import { statusTemplatePlaceholders } from './status-placeholders';
import type { StatusUpdateView } from './status-update-view';

// The shape of templates/status/investigating.mustache: a bracketed tag that is the template's own
// words, blanks for empty fields in inverted sections, and an optional line.
const INVESTIGATING = `{{! Public update. }}
[Investigating] {{#service}}{{service}}{{/service}}{{^service}}[service]{{/service}}: {{title}}

Current impact: {{#impact}}{{impact}}{{/impact}}{{^impact}}[what customers are experiencing]{{/impact}}
{{#nextUpdateAt}}
Next update by {{nextUpdateAt}} [UTC].
{{/nextUpdateAt}}`;

function statusTemplate(text: string) {
  const parsed = parseTemplateFile('status/investigating.mustache', text);
  if (!parsed.ok || parsed.value.kind !== 'status-template') throw new Error('template refused');
  return parsed.value.value;
}

const view = (fields: Partial<StatusUpdateView>): StatusUpdateView => ({
  title: 'Checkout errors',
  service: '',
  impact: '',
  severity: 'SEV2',
  severityName: '',
  statusPageLevel: '',
  phase: 'investigating',
  now: '14:40 UTC',
  today: '2026-03-24',
  nextUpdateAt: '',
  updateCadence: '',
  impactStartedAt: '',
  mitigatedAt: '',
  resolvedAt: '',
  duration: '',
  roles: { ic: '', ops: '', comms: '', scribe: '' },
  links: { statusPage: '', bridge: '' },
  ...fields,
});

describe('status template placeholders', () => {
  it('are the bracketed blanks of inverted sections, not the template’s own bracketed words', () => {
    expect(statusTemplatePlaceholders(statusTemplate(INVESTIGATING))).toEqual([
      '[service]',
      '[what customers are experiencing]',
    ]);
  });

  it('a rendered draft carries only the placeholders its empty fields left in the text', () => {
    const template = statusTemplate(INVESTIGATING);
    expect(renderStatusDraft(template, view({ nextUpdateAt: '14:55 UTC' }))).toEqual({
      text: expect.stringContaining('[Investigating] [service]: Checkout errors') as string,
      placeholders: ['[service]', '[what customers are experiencing]'],
    });
    const filled = renderStatusDraft(template, view({ service: 'checkout', impact: 'Slow pages' }));
    expect(filled.placeholders).toEqual([]);
    expect(filled.text).toContain('[Investigating] checkout: Checkout errors');
  });

  it('finds blanks nested in sections, and none in a template without inverted sections', () => {
    const nested = statusTemplate(
      '{{#roles.ic}}IC {{roles.ic}}{{^roles.comms}} [comms lead] and [bridge][x]{{/roles.comms}}{{/roles.ic}}',
    );
    expect(statusTemplatePlaceholders(nested)).toEqual(['[comms lead]', '[bridge]', '[x]']);
    expect(statusTemplatePlaceholders(statusTemplate('[Resolved] {{title}} [done]'))).toEqual([]);
  });
});

describe('the next draft, written at publication for later', () => {
  it('leaves the posting and next-update times as placeholders instead of stale times', () => {
    const template = statusTemplate(`${INVESTIGATING}\nPosted {{now}}`);
    const next = renderLaterStatusDraft(
      template,
      view({ service: 'checkout', impact: 'Slow pages', nextUpdateAt: '14:55 UTC' }),
    );
    expect(next.text).toContain('Next update by [next update time] [UTC].');
    expect(next.text).toContain('Posted [time of posting]');
    expect(next.text).not.toMatch(/14:40|14:55/);
    expect(next.placeholders).toEqual(['[time of posting]', '[next update time]']);
  });
});
