import { approveStatusUpdate, publishStatusUpdate, requestStatusReview } from '../../../shared/ops';
import type { AppState } from '../store/app-store';
import { PANELS, type Panel } from '../store/panels';
import { QUICK_KINDS } from './entry-kinds';

export interface PaletteCommand {
  id: string;
  title: string;
  shortcut?: string;
  /** Returns a sentence when the command was refused, shown in the palette. */
  run(state: AppState): string | null | void;
}

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
  const outcome = (result: { ok: true } | { ok: false; error: string }) =>
    result.ok ? null : result.error;
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
    { id: 'leave', title: 'Back to the room list', run: (s) => void s.leaveRoom() },
  );
  return commands;
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
