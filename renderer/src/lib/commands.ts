import { ROLES, ROLE_TITLES, type Role } from '../../../shared/doc/enums';
import type { Person } from '../../../shared/doc/types';
import {
  approveStatusUpdate,
  assignRole,
  publishStatusUpdate,
  requestStatusReview,
  setStatusDraft,
} from '../../../shared/ops';
import type { AppState } from '../store/app-store';
import { PANELS, type Panel } from '../store/panels';
import { QUICK_KINDS } from './entry-kinds';
import { roleCandidates } from './people';
import { draftPhase, phaseTemplateText } from './status-template';
import { vacantUsualRole } from './usual-role';

/** A sentence when the command was refused (the palette shows it and stays open), else nothing. */
export type CommandRefusal = string | null | void;

export interface PaletteCommand {
  id: string;
  title: string;
  /** Other words that find it, e.g. the short names people say: "ops", "IC". */
  keywords?: string;
  shortcut?: string;
  /** Copying to the clipboard is asynchronous, hence the promise. */
  run(state: AppState): CommandRefusal | Promise<CommandRefusal>;
}

/** What on-call people call the roles, so "assign ops jane" and "take ic" find the command. */
const ROLE_KEYWORDS: Record<Role, string> = {
  ic: 'IC commander',
  ops: 'ops',
  comms: 'comms',
  scribe: 'notes',
};

const PANEL_TITLES: Record<Panel, string> = {
  timeline: 'Timeline',
  decisions: 'Decisions',
  status: 'Status update',
  roles: 'Roles',
  milestones: 'Milestones',
  checklist: 'Checklist',
  actions: 'Action items',
  postmortem: 'Postmortem',
};

export function panelTitle(panel: Panel): string {
  return PANEL_TITLES[panel];
}

/** Everything the keyboard can reach, in one list the palette filters. */
export function paletteCommands(state: AppState): PaletteCommand[] {
  const commands: PaletteCommand[] = [
    {
      id: 'theme',
      title: `Switch to ${state.theme === 'dark' ? 'light' : 'dark'} theme`,
      run: (s) => s.toggleTheme(),
    },
  ];
  if (!state.room) return commands;
  commands.push(
    { id: 'log', title: 'Log an entry', shortcut: '/', run: (s) => s.focusQuickEntry() },
    ...QUICK_KINDS.map(({ kind, key, label }) => ({
      id: `log-${kind}`,
      title: `Log: ${label}`,
      shortcut: key.toUpperCase(),
      run: (s: AppState) => s.focusQuickEntry(kind),
    })),
    ...PANELS.map((panel, index) => ({
      id: `panel-${panel}`,
      title: `Go to ${PANEL_TITLES[panel]}`,
      shortcut: `Alt+${index + 1}`,
      run: (s: AppState) => s.setPanel(panel),
    })),
    ...roleCommands(state),
    ...statusDraftCommands(state),
    {
      id: 'review',
      title: 'Status update: request review',
      run: (s) => outcome(s.run(requestStatusReview, undefined)),
    },
    {
      id: 'approve',
      title: 'Status update: approve',
      run: (s) => outcome(s.run(approveStatusUpdate, undefined)),
    },
    {
      id: 'publish',
      title: 'Status update: publish',
      run: (s) => outcome(s.run(publishStatusUpdate, undefined)),
    },
    {
      id: 'pinned',
      title: 'Timeline: show pinned only',
      run: (s) => s.setTimelineFilter({ pinnedOnly: !s.timelineFilter.pinnedOnly }),
    },
    ...inviteCommands(state),
    { id: 'leave', title: 'Back to the room list', run: (s) => void s.leaveRoom() },
  );
  return usualRoleFirst(state, commands);
}

/**
 * Taking my usual role, when nobody holds it, is what I most likely came to do: it goes to the
 * top of the list (Enter on an empty query), saying why it is there.
 */
function usualRoleFirst(state: AppState, commands: PaletteCommand[]): PaletteCommand[] {
  const role = vacantUsualRole(state);
  const take = commands.find((command) => command.id === `take-${role}`);
  if (!role || !take) return commands;
  return [
    {
      ...take,
      title: `${take.title} (your usual role)`,
      keywords: [take.keywords, 'usual'].filter(Boolean).join(' '),
    },
    ...commands.filter((command) => command !== take),
  ];
}

const outcome = (result: { ok: true } | { ok: false; error: string }) =>
  result.ok ? null : result.error;

const canWrite = (state: AppState) =>
  state.rooms?.find((room) => room.id === state.roomId)?.access !== 'read';

/**
 * "Take <role>" for each role I do not hold, and "Assign <role> to <person>" for each person the
 * roles panel would offer: the people present, then the room's recent names. The person is
 * assigned by profile id, as a pick in the panel is.
 */
function roleCommands(state: AppState): PaletteCommand[] {
  const { view, profile } = state;
  if (!view || !canWrite(state)) return [];
  const peers = state.roomId ? (state.presenceByRoom[state.roomId] ?? []) : [];
  const { present, recent } = roleCandidates(view, peers, profile);
  const assign = (role: Role, person: Person) => (s: AppState) =>
    outcome(s.run(assignRole, { role, person }));
  return ROLES.flatMap((role) => {
    const holderId = view.roles[role]?.id;
    const title = ROLE_TITLES[role];
    const take: PaletteCommand[] =
      profile && holderId !== profile.id
        ? [
            {
              id: `take-${role}`,
              title: `Take ${title} role`,
              keywords: ROLE_KEYWORDS[role],
              run: assign(role, { id: profile.id, name: profile.name }),
            },
          ]
        : [];
    const handTo = [...present, ...recent]
      .filter((person) => person.id !== holderId && person.id !== profile?.id)
      .map((person) => ({
        id: `assign-${role}-${person.id}`,
        title: `Assign ${title} to ${person.name}`,
        keywords: ROLE_KEYWORDS[role],
        run: assign(role, person),
      }));
    return [...take, ...handTo];
  });
}

/**
 * Starting the draft from the phase template. Refused over a draft with text: replacing it
 * needs the confirmation the status panel asks for, not a keystroke in a list.
 */
function statusDraftCommands(state: AppState): PaletteCommand[] {
  if (!state.view || !canWrite(state)) return [];
  return [
    {
      id: 'insert-template',
      title: `Status update: insert ${draftPhase(state.view)} template`,
      run: (s) => {
        if (!s.view) return 'No room is open.';
        // The replica's text, not the view, which is re-read at most once a frame.
        const draft = s.sharedText('statusDraft')?.toJSON() ?? s.view.status.draft;
        if (draft.trim() !== '') {
          return 'The draft already has text: replace it from the Status update panel, which asks first.';
        }
        const nowMs = s.operationContext()?.now() ?? Date.now();
        const template = phaseTemplateText(s.view, nowMs);
        if (!template.ok) return template.error;
        const refusal = outcome(
          s.run(setStatusDraft, { text: template.text, placeholders: template.placeholders }),
        );
        // Show the draft: the next step is reading and filling it in.
        if (refusal === null) s.setPanel('status');
        return refusal;
      },
    },
  ];
}

/** Copies an invite to the clipboard; if the clipboard refuses, shows the link to copy by hand. */
function inviteCommands(state: AppState): PaletteCommand[] {
  const roomId = state.roomId;
  if (!roomId) return [];
  const copy = (access: 'write' | 'read') => async (s: AppState) => {
    const link = await s.inviteLink(roomId, access);
    if (!link.ok) return link.error;
    try {
      await navigator.clipboard.writeText(link.value);
      return null;
    } catch {
      return `The clipboard refused; copy the link by hand: ${link.value}`;
    }
  };
  return [
    ...(canWrite(state)
      ? [{ id: 'invite-write', title: 'Copy invite (can edit)', run: copy('write') }]
      : []),
    { id: 'invite-read', title: 'Copy read-only invite', run: copy('read') },
  ];
}

/** Every word typed must start some word of the title, in any order: "pub st" finds "Status update: publish". */
export function matchesQuery(title: string, query: string): boolean {
  const words = title
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter(Boolean);
  return query
    .toLowerCase()
    .split(/\s+/)
    .filter(Boolean)
    .every(
      (part) => words.some((word) => word.startsWith(part)) || title.toLowerCase().includes(part),
    );
}
