import { buildStatusUpdateView } from '../../../shared/templates/build-status-update-view';
import { renderStatusDraft } from '../../../shared/templates/render-status-update';
import type { RoomView } from '../store/room-view';
import { bundledTemplates } from '../templates/bundled-templates';

/** The phase whose status template a draft starts from: the room's, or investigating before any. */
export function draftPhase(view: RoomView): string {
  return view.phase ?? 'investigating';
}

/**
 * The status template of the room's phase, filled from the room as it is at `nowMs` (the
 * relay-corrected clock the operations use, so "now" agrees with the room's milestones).
 */
export function phaseTemplateText(
  view: RoomView,
  nowMs: number,
): { ok: true; text: string; placeholders: string[] } | { ok: false; error: string } {
  const templates = bundledTemplates();
  const template = templates.statusTemplates.get(draftPhase(view));
  if (!template) {
    return {
      ok: false,
      error: `No status template for the ${view.phase ?? 'current'} phase is available.`,
    };
  }
  // With the placeholders it left, which setStatusDraft records so approval refuses them unfilled.
  const draft = renderStatusDraft(
    template,
    buildStatusUpdateView(view, { nowMs, severityPolicy: templates.severityPolicy }),
  );
  return { ok: true, ...draft };
}
