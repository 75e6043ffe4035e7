/**
 * Postmortem list sections (contributing factors, went well, ...) are collaborative free text in
 * the room: one item per line, written however people write lists. Leading list markers ("- ",
 * "* ", "1. ", "2) ") are dropped because the export numbers or bullets items itself; every other
 * character of every non-blank line is kept.
 */
export function splitTextItems(text: string): string[] {
  return text
    .replace(/\r\n?/g, '\n')
    .split('\n')
    .map((line) =>
      line
        .trim()
        .replace(/^(?:[-*+•]|\d{1,3}[.)])\s+/, '')
        .trim(),
    )
    .filter((line) => line !== '');
}

/** "Why did X fail? Because Y." → question and answer; any other line is an answer on its own. */
export function splitWhy(line: string): { question: string; answer: string } {
  const match = /^(why\b.*?\?)\s+(\S.*)$/i.exec(line);
  return match?.[1] !== undefined && match[2] !== undefined
    ? { question: match[1], answer: match[2] }
    : { question: '', answer: line };
}
