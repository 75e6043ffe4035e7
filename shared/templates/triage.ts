import type { SeverityPolicy } from './severity-policy';

/** questionId → answerId; unanswered questions are simply absent. */
export type TriageAnswers = Readonly<Record<string, string>>;

export interface TriageSuggestion {
  /** The suggested severity id, e.g. `SEV2`. */
  readonly severity: string;
  /** Questions that still apply (not cut off by a `stop` answer) and are not answered yet. */
  readonly openQuestions: readonly string[];
  /** The answers whose rules applied, in question order, for "why this severity?". */
  readonly reasons: readonly { readonly questionId: string; readonly answerId: string }[];
}

/**
 * Applies the severity template's triage rules to the answers given so far. Unknown question or
 * answer ids are ignored rather than thrown on: answers come from a live form while the template
 * may have been swapped underneath it.
 */
export function suggestSeverity(policy: SeverityPolicy, answers: TriageAnswers): TriageSuggestion {
  const order = policy.levels.map((level) => level.id);
  const rank = (id: string): number => {
    const index = order.indexOf(id);
    return index === -1 ? order.length - 1 : index;
  };
  let current = rank(policy.triage.start);
  let floor = order.length - 1;
  const openQuestions: string[] = [];
  const reasons: { questionId: string; answerId: string }[] = [];

  for (const question of policy.triage.questions) {
    const answerId = Object.hasOwn(answers, question.id) ? answers[question.id] : undefined;
    const answer = question.answers.find((candidate) => candidate.id === answerId);
    if (answer === undefined) {
      openQuestions.push(question.id);
      continue;
    }
    const { set, raise, atLeast, stop } = answer.effect ?? {};
    if (set !== undefined) current = rank(set);
    if (raise !== undefined) current = Math.max(0, current - raise);
    if (atLeast !== undefined) floor = Math.min(floor, rank(atLeast));
    // Listed even when clamped (raising SEV1 stays SEV1): the IC should see every push upward.
    if (set !== undefined || raise !== undefined || atLeast !== undefined || stop === true) {
      reasons.push({ questionId: question.id, answerId: answer.id });
    }
    if (stop === true) break;
  }
  const severity = order[Math.min(current, floor)] ?? policy.triage.start;
  return { severity, openQuestions, reasons };
}
