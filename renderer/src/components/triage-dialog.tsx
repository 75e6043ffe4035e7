import { useMemo, useState } from 'react';
import { SEVERITIES, isOneOf, type Severity } from '../../../shared/doc/enums';
import { suggestSeverity, type TriageAnswers } from '../../../shared/templates/triage';
import { bundledTemplates } from '../templates/bundled-templates';
import { Dialog } from './dialog';

/** The severity template's 5-minute triage questions; the answers suggest a severity. */
export function TriageDialog({
  current,
  onApply,
  onClose,
}: {
  current: Severity | null;
  onApply: (severity: Severity) => void;
  onClose: () => void;
}) {
  const policy = bundledTemplates().severityPolicy;
  const [answers, setAnswers] = useState<TriageAnswers>({});
  const suggestion = useMemo(
    () => (policy ? suggestSeverity(policy, answers) : null),
    [policy, answers],
  );
  const suggested =
    suggestion && isOneOf(SEVERITIES, suggestion.severity) ? suggestion.severity : null;

  return (
    <Dialog title="Severity triage" onClose={onClose}>
      {!policy || !suggestion ? (
        <p>The severity template is not available, so there is nothing to suggest from.</p>
      ) : (
        <>
          <p className="muted">Answer top to bottom; when in doubt pick the more severe level.</p>
          {policy.triage.questions.map((question) => {
            const open =
              suggestion.openQuestions.includes(question.id) || answers[question.id] !== undefined;
            return (
              <fieldset key={question.id} disabled={!open} className="card">
                <legend>{question.text}</legend>
                {question.help && <span className="card__meta">{question.help}</span>}
                <div className="row">
                  {question.answers.map((answer) => (
                    <label key={answer.id} className="inline">
                      <input
                        type="radio"
                        name={`triage-${question.id}`}
                        checked={answers[question.id] === answer.id}
                        onChange={() => setAnswers({ ...answers, [question.id]: answer.id })}
                      />
                      {answer.text}
                    </label>
                  ))}
                </div>
              </fieldset>
            );
          })}
          <p role="status">
            Suggested: <strong>{suggestion.severity}</strong>
            {current && current !== suggestion.severity ? ` (room is ${current})` : ''}
          </p>
          <div className="row">
            <button
              type="button"
              className="primary"
              disabled={!suggested}
              onClick={() => suggested && onApply(suggested)}
            >
              Set severity to {suggestion.severity}
            </button>
            <button type="button" onClick={onClose}>
              Cancel
            </button>
          </div>
        </>
      )}
    </Dialog>
  );
}
