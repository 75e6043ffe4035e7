/**
 * Renders a postmortem as several smaller HTML documents for printing, cut at entry boundaries.
 * Chromium lays out and paginates a document in one piece on one core; a 10,000-entry room is one
 * 1.3 MB document. Cut into pieces, two renderers print at once and each piece's PDF is joined
 * after (see print-in-chunks.ts).
 *
 * The cut is made in markdown-it's token stream, not in its output: the Markdown is parsed once
 * as the HTML export parses it, its top-level blocks cut into pieces, and each piece rendered by
 * markdown-it's renderer into the HTML export's document. A top-level list is cut between its
 * items (an ordered list goes on with `start`), a table between its body rows (its header
 * repeated, as on every printed page), anything else only between blocks. A heading is never the
 * last block of a piece.
 */
import Token from 'markdown-it/lib/token.mjs';
import {
  parsePostmortemMarkdown,
  postmortemHtmlDocument,
  renderPostmortemTokens,
  type MarkdownToken,
} from '../../../shared/export/render-postmortem-html';

export interface SplitOptions {
  /**
   * Pieces hold at most about this many bytes of body HTML (estimated from the tokens, see
   * htmlBytes). Each piece costs ~0.1 s of renderer time of its own and starts a new page, so
   * pieces are as large as keeps every printing page busy: measured at 10,000 entries, 2 pieces
   * took 6.5-7.0 s of Chromium CPU, 6 pieces 7.0-7.5 s, 20 pieces 8.5-8.8 s.
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

/** The postmortem to print: the export's Markdown and its HTML document's title. */
export interface PrintablePostmortem {
  readonly markdown: string;
  readonly title: string;
}

type Tokens = readonly MarkdownToken[];

/** A list or table whose items may go to different pieces; `open(i)` reopens it at item i. */
interface Container {
  open(firstItem: number): Tokens;
  readonly close: Tokens;
}

/** The smallest piece of body that is never cut: a top-level block, a list item or a table row. */
interface Atom {
  readonly tokens: Tokens;
  /** About the bytes of HTML the tokens render to. */
  readonly bytes: number;
  readonly heading: boolean;
  readonly container: Container | null;
  readonly item: number;
}

/**
 * About how many bytes of HTML `tokens` render to: text as is, a tag as its name and brackets.
 * Only the pieces' relative sizes depend on it (escaped characters are not counted).
 */
function htmlBytes(tokens: Tokens): number {
  let bytes = 0;
  for (const token of tokens) {
    if (token.children) bytes += htmlBytes(token.children);
    else bytes += token.content.length;
    if (token.tag) bytes += token.tag.length + (token.nesting === -1 ? 4 : 3);
    for (const [name, value] of token.attrs ?? []) bytes += name.length + value.length + 4;
  }
  return bytes;
}

/**
 * The runs of `tokens` at `level` that each make one element (an open token through its close
 * token, or a single token), as [from, to) indexes between `from` and `to`.
 */
function elementsAt(
  tokens: Tokens,
  level: number,
  from: number,
  to: number,
): Array<[number, number]> {
  const runs: Array<[number, number]> = [];
  for (let i = from; i < to;) {
    let end = i + 1;
    if (tokens[i]!.nesting === 1) {
      while (end < to && tokens[end]!.level !== level) end += 1;
      end += 1;
    }
    runs.push([i, end]);
    i = end;
  }
  return runs;
}

/** A top-level ordered list's open token, numbered on from its `first`-th item. */
function orderedFrom(open: MarkdownToken, first: number): MarkdownToken {
  const start = Number(open.attrGet('start') ?? 1) + first;
  const token = new Token(open.type, open.tag, open.nesting);
  Object.assign(token, open, { attrs: [['start', String(start)]] });
  return token;
}

function listAtoms(tokens: Tokens, from: number, to: number): Atom[] | null {
  const open = tokens[from]!;
  const items = elementsAt(tokens, open.level + 1, from + 1, to - 1);
  if (items.some(([i]) => tokens[i]!.type !== 'list_item_open')) return null;
  const container: Container = {
    open: (first) =>
      open.type === 'ordered_list_open' && first > 0 ? [orderedFrom(open, first)] : [open],
    close: [tokens[to - 1]!],
  };
  return itemAtoms(tokens, items, container);
}

function tableAtoms(tokens: Tokens, from: number, to: number): Atom[] | null {
  const parts = elementsAt(tokens, tokens[from]!.level + 1, from + 1, to - 1);
  const [head, body] = parts;
  if (parts.length !== 2 || !head || !body) return null;
  if (tokens[head[0]]!.type !== 'thead_open' || tokens[body[0]]!.type !== 'tbody_open') return null;
  const rows = elementsAt(tokens, tokens[body[0]]!.level + 1, body[0] + 1, body[1] - 1);
  if (rows.some(([i]) => tokens[i]!.type !== 'tr_open')) return null;
  const container: Container = {
    open: () => tokens.slice(from, body[0] + 1),
    close: tokens.slice(body[1] - 1, to),
  };
  return itemAtoms(tokens, rows, container);
}

function itemAtoms(
  tokens: Tokens,
  items: ReadonlyArray<[number, number]>,
  container: Container,
): Atom[] | null {
  if (items.length < 2) return null;
  return items.map(([from, to], item) => {
    const run = tokens.slice(from, to);
    return { tokens: run, bytes: htmlBytes(run), heading: false, container, item };
  });
}

/** The atoms of the top-level block tokens[from, to): its items or rows, or itself whole. */
function atomsOf(tokens: Tokens, from: number, to: number): Atom[] {
  const type = tokens[from]!.type;
  const parts =
    type === 'bullet_list_open' || type === 'ordered_list_open'
      ? listAtoms(tokens, from, to)
      : type === 'table_open'
        ? tableAtoms(tokens, from, to)
        : null;
  if (parts) return parts;
  const run = tokens.slice(from, to);
  return [
    {
      tokens: run,
      bytes: htmlBytes(run),
      heading: type === 'heading_open',
      container: null,
      item: 0,
    },
  ];
}

/** Where to cut: after the atom at each returned index, about every total / `pieces` bytes. */
function cutPoints(atoms: readonly Atom[], pieces: number): number[] {
  const total = atoms.reduce((sum, atom) => sum + atom.bytes, 0);
  const cuts: number[] = [];
  let done = 0;
  for (let i = 0; i < atoms.length - 1 && cuts.length < pieces - 1; i += 1) {
    const atom = atoms[i]!;
    done += atom.bytes;
    // A heading stays with what follows it.
    if (!atom.heading && done >= (total * (cuts.length + 1)) / pieces) cuts.push(i);
  }
  return cuts;
}

/** The tokens of a run of atoms, each list or table cut between them closed and reopened. */
function pieceTokens(atoms: readonly Atom[]): MarkdownToken[] {
  const out: MarkdownToken[] = [];
  // A loop, not push(...run): a block that is never cut can be more tokens than a call takes.
  const add = (run: Tokens) => {
    for (const token of run) out.push(token);
  };
  let open: Container | null = null;
  for (const atom of atoms) {
    if (atom.container !== open) {
      if (open) add(open.close);
      if (atom.container) add(atom.container.open(atom.item));
      open = atom.container;
    }
    add(atom.tokens);
  }
  if (open) add(open.close);
  return out;
}

/**
 * The HTML documents to print, in order. One piece is exactly the HTML export
 * (renderPostmortemHtml); so is every piece's head, and their bodies joined are its body's blocks.
 */
export function splitForPrinting(
  postmortem: PrintablePostmortem,
  options: SplitOptions = DEFAULT_SPLIT,
): string[] {
  const { tokens, env } = parsePostmortemMarkdown(postmortem.markdown);
  const document = (run: Tokens) =>
    postmortemHtmlDocument(renderPostmortemTokens(run, env), postmortem.title);
  const atoms = elementsAt(tokens, 0, 0, tokens.length).flatMap(([from, to]) =>
    atomsOf(tokens, from, to),
  );
  const bytes = atoms.reduce((sum, atom) => sum + atom.bytes, 0);
  if (bytes < options.minSplitBytes) return [document(tokens)];
  const multiple = Math.max(1, options.piecesMultipleOf);
  const wanted = Math.ceil(bytes / options.maxChunkBytes);
  const pieces = Math.max(multiple, Math.ceil(wanted / multiple) * multiple);
  const cuts = cutPoints(atoms, pieces);
  if (cuts.length === 0) return [document(tokens)];
  return [-1, ...cuts].map((cut, index) => {
    const last = cuts[index] ?? atoms.length - 1;
    return document(pieceTokens(atoms.slice(cut + 1, last + 1)));
  });
}
