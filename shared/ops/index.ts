export { OperationError, OPERATION_ERROR_CODES, isOperationError } from './operation-error';
export type { OperationErrorCode } from './operation-error';
export { OPERATION_ORIGIN } from './context';
export type { OperationContext } from './context';
export { declareIncident } from './declare';
export type { DeclareIncidentInput } from './declare';
export { setSeverity } from './severity';
export type { SetSeverityInput } from './severity';
export { setPhase } from './phase';
export type { SetPhaseInput } from './phase';
export { assignRole } from './roles';
export type { AssignRoleInput } from './roles';
export { addExpert, changeExpertArea, standDownExpert } from './experts';
export type { AddExpertInput, ChangeExpertAreaInput, StandDownExpertInput } from './experts';
export { logEntry, editEntry, pinEntry, unpinEntry, deleteEntry } from './timeline';
export type { LogEntryInput, EditEntryInput, EntryIdInput } from './timeline';
export { setMilestone } from './milestones';
export type { SetMilestoneInput } from './milestones';
export { proposeDecision, approveDecision, rejectDecision, supersedeDecision } from './decisions';
export type { ProposeDecisionInput, DecideInput, SupersedeDecisionInput } from './decisions';
export {
  setStatusDraft,
  requestStatusReview,
  approveStatusUpdate,
  publishStatusUpdate,
} from './status-update';
export type { SetStatusDraftInput } from './status-update';
export { setStatusPage } from './status-page';
export type { SetStatusPageInput } from './status-page';
export { pageRoles, unansweredPages } from './page-roles';
export type { PageRolesInput } from './page-roles';
export { resolveIncident } from './resolve';
export type { ResolveIncidentInput } from './resolve';
export { addActionItem, updateActionItem, removeActionItem } from './action-items';
export type {
  AddActionItemInput,
  UpdateActionItemInput,
  RemoveActionItemInput,
} from './action-items';
export {
  requestFollowUpIssue,
  requestAllFollowUps,
  recordFollowUpIssue,
  offerFollowUpTargets,
} from './follow-up-issues';
export type {
  RequestFollowUpIssueInput,
  RequestAllFollowUpsInput,
  RecordFollowUpIssueInput,
  OfferFollowUpTargetsInput,
} from './follow-up-issues';
export { setPostmortemField } from './postmortem';
export type { SetPostmortemFieldInput } from './postmortem';
export { markChecklistItem } from './checklist';
export type { MarkChecklistItemInput } from './checklist';
export { setLink, LINK_KEYS } from './links';
export type { SetLinkInput } from './links';
