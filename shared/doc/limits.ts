/**
 * Size limits on what one operation may write. They keep a single paste from bloating every
 * replica's memory and every relay message; the relay has its own frame cap on top.
 */
export const LIMITS = {
  titleChars: 200,
  shortFieldChars: 200,
  entryTextChars: 4_000,
  decisionFieldChars: 4_000,
  reasonChars: 2_000,
  statusDraftChars: 10_000,
  postmortemFieldChars: 100_000,
  urlChars: 2_000,
  /** What a subject-matter expert is called in for ("database", "payments edge"). */
  expertAreaChars: 100,
  idChars: 128,
  /** An event time may sit this far past the caller's clock (skew between machines). */
  futureToleranceMs: 5 * 60_000,
  maxStabilizationMinutes: 24 * 60,
  maxCadenceMinutes: 7 * 24 * 60,
} as const;
