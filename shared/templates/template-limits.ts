// Templates come from on-call people's own folders and from teammates' pull requests: treat them as
// untrusted input. These bounds are far above what any real template needs and far below what
// could stall the host or blow the parser's stack.

/** A YAML or Mustache template file larger than this is refused before it is parsed. */
export const MAX_TEMPLATE_BYTES = 256 * 1024;
/** Flow collections (`[`, `{`) nested deeper than this are refused before the YAML parser sees them. */
export const MAX_YAML_FLOW_DEPTH = 32;
/** Leading whitespace wider than this (block nesting) is refused before the YAML parser sees it. */
export const MAX_YAML_INDENT_COLUMNS = 120;
/** The parsed value may nest objects/arrays at most this deep. */
export const MAX_TEMPLATE_VALUE_DEPTH = 12;
/** Mustache sections nested deeper than this are refused. */
export const MAX_MUSTACHE_SECTION_DEPTH = 8;
/** Relative template path length bound (the loader also reports longer names as problems). */
export const MAX_TEMPLATE_PATH_LENGTH = 200;
