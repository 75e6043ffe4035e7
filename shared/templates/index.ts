// Templates: schemas, parsing and rendering for the files in templates/ (see docs/TEMPLATES.md).
export { parseTemplateFile, parsePostmortemTemplate } from './parse-template-file';
export type { ParsedTemplate } from './parse-template-file';
export {
  buildTemplateCatalog,
  checklistsFor,
  runbookFor,
  BuiltinTemplatesBrokenError,
} from './template-catalog';
export type {
  TemplateCatalog,
  TemplateLayer,
  TemplateSource,
  Sourced,
  IncidentType,
  CatalogResult,
} from './template-catalog';
export { formatTemplateProblem } from './template-problem';
export type { TemplateProblem, TemplateResult } from './template-problem';
export { severityPolicySchema, findSeverityLevel, statusPageLevels } from './severity-policy';
export type {
  SeverityPolicy,
  SeverityLevel,
  TriageQuestion,
  StatusPageLevel,
} from './severity-policy';
export { suggestSeverity } from './triage';
export type { TriageAnswers, TriageSuggestion } from './triage';
export { checklistSchema } from './checklist';
export type { Checklist, ChecklistItem } from './checklist';
export { runbookSchema } from './runbook';
export type { Runbook, RunbookStep } from './runbook';
export { drillSchema, injectKinds } from './drill';
export type { Drill, DrillInject, InjectKind } from './drill';
export type { CheckedMustacheTemplate } from './mustache-template';
export {
  statusUpdateViewSchema,
  statusPhases,
  MANAGEMENT_SUMMARY_TEMPLATE_ID,
} from './status-update-view';
export type { StatusUpdateView, StatusPhase } from './status-update-view';
export { buildStatusUpdateView } from './build-status-update-view';
export type { BuildStatusUpdateViewOptions } from './build-status-update-view';
export {
  renderStatusUpdate,
  renderStatusDraft,
  renderLaterStatusDraft,
} from './render-status-update';
export { statusTemplatePlaceholders } from './status-placeholders';
export { postmortemViewSchema } from './postmortem-view';
export type {
  PostmortemView,
  PostmortemTimelineEntry,
  PostmortemMetric,
  PostmortemDecision,
  PostmortemActionItem,
} from './postmortem-view';
