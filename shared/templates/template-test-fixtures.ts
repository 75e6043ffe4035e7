// Small valid templates for tests, built as data so each test can break exactly one field.
import { stringify } from 'yaml';

export function validSeverityPolicy() {
  const level = (id: string, cadence: number | null) => ({
    id,
    name: `Level ${id}`,
    definition: `What ${id} means.`,
    examples: [`An example of ${id}`],
    paged: ['Primary on-call'],
    response: { withinMinutes: 15, description: 'Acknowledge within 15 minutes.' },
    updateCadenceMinutes: cadence,
    stabilizationWindowMinutes: 15,
    statusPageLevel: 'partial-outage',
    postmortem: 'required',
  });
  return {
    format: 1,
    id: 'test-severity',
    title: 'Test severities',
    levels: [level('SEV1', 15), level('SEV2', 30), level('SEV3', 120), level('SEV4', null)],
    triage: {
      start: 'SEV3',
      timeboxMinutes: 5,
      questions: [
        {
          id: 'worse',
          text: 'Getting worse?',
          answers: [
            { id: 'yes', text: 'Yes', effect: { raise: 1 } },
            { id: 'no', text: 'No' },
          ],
        },
      ],
    },
  };
}

export function validChecklist() {
  return {
    format: 1,
    id: 'test-checklist',
    title: 'Test checklist',
    incidentTypes: [],
    items: [{ id: 'ack', text: 'Acknowledge the page', role: 'ic', withinMinutes: 5 }],
  };
}

export function validRunbook(id = 'test-runbook', incidentType = 'test-type') {
  const step = (stepId: string) => ({ id: stepId, do: `Do ${stepId}` });
  return {
    format: 1,
    id,
    title: `Runbook ${id}`,
    incidentType: { id: incidentType, name: `Type ${incidentType}` },
    summary: 'What this runbook is for.',
    diagnosis: [step(`${id}-look`)],
    mitigation: [step(`${id}-fix`)],
    recovery: [step(`${id}-verify`)],
  };
}

export function validDrill(expectedSeverity = 'SEV1', incidentType = 'bad-deploy') {
  return {
    format: 1,
    id: 'test-drill',
    title: 'Test drill',
    summary: 'A short drill.',
    incidentType,
    expectedSeverity,
    durationMinutes: 30,
    storyStartsAt: '14:32',
    roles: ['ic'],
    injects: [
      { id: 'first', atMinute: 0, kind: 'alert', text: 'An alert fires.' },
      { id: 'second', atMinute: 10, kind: 'finding', text: 'A finding.' },
    ],
  };
}

export function toYaml(value: unknown): string {
  return stringify(value);
}
