/**
 * Splits a postmortem's HTML into several smaller documents for printing, at entry boundaries.
 * Chromium lays out and paginates a document in one piece on one core; a 10,000-entry room is one
 * 1.3 MB document. Cut into pieces, two renderers print at once and each piece's PDF is joined
 * after (see print-in-chunks.ts).
 *
 * The HTML comes from renderPostmortemHtml: markdown-it output with raw HTML off, so every tag in
 * it is markdown-it's own and every `<` in text is escaped. The body of `<main>` is a run of
 * top-level blocks; a list is cut between its items (an `<ol>` goes on with `start=`), a table
 * between its body rows (its header repeated, as on every printed page), anything else only between
 * blocks. A heading is never the last block of a piece. Anything not shaped like that is printed
 * whole, as before.
 */

export interface SplitOptions {
  /**
   * Pieces hold at most about this many bytes of body HTML. Each piece costs ~0.1 s of renderer
   * time of its own and starts a new page, so pieces are as large as keeps every printing page
   * busy: measured at 10,000 entries, 2 pieces took 6.5-7.0 s of Chromium CPU, 6 pieces 7.0-7.5 s,
   * 20 pieces 8.5-8.8 s.
   */
  readonly maxChunkBytes: number;
  /** A body smaller than this prints in one piece: it is quick anyway, and one piece has no seams. */
  readonly minSplitBytes: number;
  /** The number of pieces is a multiple of this (the pages printing at once), so none waits alone. */
  readonly piecesMultipleOf: number;
}

export const DEFAULT_SPLIT: SplitOptions = {
  maxChunkBytes: 768 * 1024,
  minSplitBytes: 64 * 1024,
  piecesMultipleOf: 2,
};

const VOID_ELEMENTS = new Set([
  'area',
  'br',
  'col',
  'embed',
  'hr',
  'img',
  'input',
  'source',
  'wbr',
]);
const HEADING = /^h[1-6]$/;

interface Element {
  readonly name: string;
  /** Offsets into the scanned string: the element spans [start, end), its children [openEnd, closeStart). */
  readonly start: number;
  readonly openEnd: number;
  readonly closeStart: number;
  readonly end: number;
}

/**
 * The child elements of html[from, to), or null when something there is not an element (text
 * other than white space, an unbalanced tag): then the caller does not cut it.
 */
function childElements(html: string, from: number, to: number): Element[] | null {
  const tag = /<(\/?)([a-zA-Z][a-zA-Z0-9]*)\b[^>]*>/g;
  tag.lastIndex = from;
  const children: Element[] = [];
  const open: Array<{ name: string; start: number; openEnd: number }> = [];
  let textFrom = from;
  for (let match = tag.exec(html); match && match.index < to; match = tag.exec(html)) {
    const closing = match[1] === '/';
    const name = (match[2] ?? '').toLowerCase();
    const end = match.index + match[0].length;
    if (open.length === 0) {
      if (html.slice(textFrom, match.index).trim() !== '' || closing) return null;
      if (VOID_ELEMENTS.has(name)) {
        children.push({ name, start: match.index, openEnd: end, closeStart: end, end });
        textFrom = end;
      } else open.push({ name, start: match.index, openEnd: end });
      continue;
    }
    if (VOID_ELEMENTS.has(name)) continue;
    if (!closing) {
      open.push({ name, start: match.index, openEnd: end });
      continue;
    }
    const top = open.pop();
    if (top?.name !== name) return null;
    if (open.length === 0) {
      children.push({ ...top, closeStart: match.index, end });
      textFrom = end;
    }
  }
  if (open.length > 0 || html.slice(textFrom, to).trim() !== '') return null;
  return children;
}

/** A list or table whose items may go to different pieces; `open(i)` reopens it at item i. */
interface Container {
  open(firstItem: number): string;
  readonly close: string;
}

/** The smallest piece of body that is never cut: a block, a list item or a table row. */
interface Atom {
  readonly html: string;
  readonly heading: boolean;
  readonly container: Container | null;
  readonly item: number;
}

function listContainer(html: string, list: Element): Container {
  const openTag = html.slice(list.start, list.openEnd);
  const start = Number(/\bstart="(\d+)"/.exec(openTag)?.[1] ?? '1');
  return {
    open: (first) => (list.name === 'ol' && first > 0 ? `<ol start="${start + first}">` : openTag),
    close: `</${list.name}>`,
  };
}

function atomsOf(html: string, block: Element): Atom[] {
  const whole = [
    {
      html: html.slice(block.start, block.end),
      heading: HEADING.test(block.name),
      container: null,
      item: 0,
    },
  ];
  let items: Element[] | null = null;
  let container: Container | null = null;
  if (block.name === 'ul' || block.name === 'ol') {
    items = childElements(html, block.openEnd, block.closeStart);
    if (items?.some((item) => item.name !== 'li')) items = null;
    container = listContainer(html, block);
  } else if (block.name === 'table') {
    const parts = childElements(html, block.openEnd, block.closeStart);
    const body = parts?.length === 2 && parts[0]?.name === 'thead' ? parts[1] : undefined;
    if (body?.name === 'tbody') {
      items = childElements(html, body.openEnd, body.closeStart);
      if (items?.some((item) => item.name !== 'tr')) items = null;
      const head = html.slice(block.start, body.openEnd);
      container = { open: () => head, close: '</tbody>\n</table>' };
    }
  }
  if (!items || items.length < 2 || !container) return whole;
  const from = container;
  return items.map((item, index) => ({
    html: html.slice(item.start, item.end),
    heading: false,
    container: from,
    item: index,
  }));
}

/** Where to cut: after the atom at each returned index, about every `target` bytes. */
function cutPoints(atoms: readonly Atom[], pieces: number): number[] {
  const total = atoms.reduce((sum, atom) => sum + atom.html.length, 0);
  const cuts: number[] = [];
  let done = 0;
  for (let i = 0; i < atoms.length - 1 && cuts.length < pieces - 1; i += 1) {
    const atom = atoms[i]!;
    done += atom.html.length;
    // A heading stays with what follows it.
    if (!atom.heading && done >= (total * (cuts.length + 1)) / pieces) cuts.push(i);
  }
  return cuts;
}

function serialize(atoms: readonly Atom[]): string {
  let out = '';
  let open: Container | null = null;
  for (const atom of atoms) {
    if (atom.container !== open) {
      if (open) out += `${open.close}\n`;
      if (atom.container) out += `${atom.container.open(atom.item)}\n`;
      open = atom.container;
    }
    out += `${atom.html}\n`;
  }
  if (open) out += `${open.close}\n`;
  return out;
}

/** The documents to print, in order; one (the input itself) when it is small or not ours. */
export function splitForPrinting(html: string, options: SplitOptions = DEFAULT_SPLIT): string[] {
  const mainStart = html.indexOf('<main>');
  const mainEnd = html.lastIndexOf('</main>');
  if (mainStart < 0 || mainEnd < mainStart) return [html];
  const bodyFrom = mainStart + '<main>'.length;
  if (mainEnd - bodyFrom < options.minSplitBytes) return [html];
  const blocks = childElements(html, bodyFrom, mainEnd);
  if (!blocks) return [html];
  const atoms = blocks.flatMap((block) => atomsOf(html, block));
  const multiple = Math.max(1, options.piecesMultipleOf);
  const wanted = Math.ceil((mainEnd - bodyFrom) / options.maxChunkBytes);
  const pieces = Math.max(multiple, Math.ceil(wanted / multiple) * multiple);
  const cuts = cutPoints(atoms, pieces);
  if (cuts.length === 0) return [html];
  const prefix = html.slice(0, bodyFrom);
  const suffix = html.slice(mainEnd);
  return [-1, ...cuts].map((cut, index) => {
    const next = cuts[index] ?? atoms.length - 1;
    return `${prefix}\n${serialize(atoms.slice(cut + 1, next + 1))}${suffix}`;
  });
}
