import type { Phase } from '../../../shared/doc/enums';
import type { RoomSnapshot } from '../../../shared/read/types';
import { buildStatusUpdateView } from '../../../shared/templates/build-status-update-view';
import {
  renderLaterStatusDraft,
  renderStatusDraft,
} from '../../../shared/templates/render-status-update';
import { bundledTemplates } from '../templates/bundled-templates';

export type DraftFromTemplate =
  { ok: true; text: string; placeholders: string[] } | { ok: false; error: string };

/**
 * A draft from the status template of `phase`, filled from the room as if it were in that phase
 * (the update about to be published may move it there). `when: 'later'` is the next draft,
 * prepared at publication: its times are left as placeholders to fill when it is sent. An empty
 * `impact` leaves the template's impact placeholder in the text.
 */
export function draftFromTemplate(
  room: RoomSnapshot,
  phase: Phase,
  nowMs: number,
  when: 'now' | 'later',
  impact: string,
): DraftFromTemplate {
  const templates = bundledTemplates();
  const template = templates.statusTemplates.get(phase);
  if (!template)
    return { ok: false, error: `No status template for the ${phase} phase is available.` };
  const view = buildStatusUpdateView(
    { ...room, phase },
    { nowMs, severityPolicy: templates.severityPolicy, impact },
  );
  const draft =
    when === 'now' ? renderStatusDraft(template, view) : renderLaterStatusDraft(template, view);
  return { ok: true, ...draft };
}
