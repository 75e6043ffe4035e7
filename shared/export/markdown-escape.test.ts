import MarkdownIt from 'markdown-it';
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { escapeEveryLine, escapeMarkdown } from './markdown-escape';

const md = new MarkdownIt({ html: false, linkify: false });
/** What a reader sees: the rendered HTML of one paragraph. */
const rendered = (text: string): string => md.renderInline(escapeMarkdown(text));

describe('escapeMarkdown', () => {
  it.each([
    ['[click](javascript:alert(1))', '[click](javascript:alert(1))'],
    ['![x](https://evil.example/pixel.png)', '![x](https://evil.example/pixel.png)'],
    ['<script>alert(1)</script>', '&lt;script&gt;alert(1)&lt;/script&gt;'],
    ['<https://evil.example>', '&lt;https://evil.example&gt;'],
    ['&lt;b&gt; stays as typed', '&amp;lt;b&amp;gt; stays as typed'],
    ['**bold** _em_ `code` ~~gone~~', '**bold** _em_ `code` ~~gone~~'],
    ['pool_max_conn stays readable', 'pool_max_conn stays readable'],
    ['a | b | c', 'a | b | c'],
  ])('shows %j literally', (input, html) => {
    expect(rendered(input)).toBe(html);
  });

  it('keeps readable text readable in the .md file', () => {
    expect(escapeMarkdown('Deploy payments-api v1.47.0 (pgpool v2.3.1 → v2.4.0)')).toBe(
      'Deploy payments-api v1.47.0 (pgpool v2.3.1 → v2.4.0)',
    );
  });

  it('cannot start a block: headings, lists, quotes, rules, code blocks stay paragraph text', () => {
    const hostile = '# Heading\n- item\n1. first\n> quote\n---\n    indented code\n```\nfence';
    const html = md.render(`Text: ${escapeMarkdown(hostile)}`);
    expect(html).not.toMatch(/<(h\d|ul|ol|li|blockquote|hr|pre|code)\b/);
    for (const word of ['Heading', 'item', 'first', 'quote', 'indented code', 'fence'])
      expect(html).toContain(word);
  });

  it('keeps every word across line breaks, inside a list item', () => {
    const html = md.render(`- ${escapeMarkdown('line one\n\n\nline two\r\nline three')}`);
    expect(html).toBe('<ul>\n<li>line one<br>\nline two<br>\nline three</li>\n</ul>\n');
  });

  it('cannot break out of a table cell', () => {
    const html = md.render(`| a | b |\n|---|---|\n| ${escapeMarkdown('x | <b>y</b>')} | z |\n`);
    expect(html).toContain('<td>x | &lt;b&gt;y&lt;/b&gt;</td>');
    expect(html).toContain('<td>z</td>');
  });

  it('leaves text as it is only when escaping every line would leave it so, for any text', () => {
    // Characters the escaping treats specially, and some it does not, so both paths are common.
    const char = fc.constantFrom(...'ab1 9.)#=+-_\\`*[]<>|~&\r\n\t\u2028é'.split(''));
    fc.assert(
      fc.property(fc.array(char, { maxLength: 12 }), (chars) => {
        const text = chars.join('');
        expect(escapeMarkdown(text)).toBe(escapeEveryLine(text));
      }),
      { numRuns: 3000 },
    );
  });
});
