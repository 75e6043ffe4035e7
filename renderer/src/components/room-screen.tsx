import { useAppStore } from '../store/app-store';
import { PANELS, type Panel } from '../store/panels';
import { panelTitle } from '../lib/commands';
import { ActionItemsPanel } from './action-items-panel';
import { ChecklistPanel } from './checklist-panel';
import { DecisionLog } from './decision-log';
import { DeclareForm } from './declare-form';
import { InviteButtons } from './invite-buttons';
import { MilestonesPanel } from './milestones-panel';
import { PostmortemPanel } from './postmortem-panel';
import { PresenceList } from './presence-list';
import { PanelTabs } from './panel-tabs';
import { RoomHeader } from './room-header';
import { RolesPanel } from './roles-panel';
import { StatusPanel } from './status-panel';
import { TimelinePanel } from './timeline-panel';
import { UsualRoleOffer } from './usual-role-offer';

const SIDE_PANELS: Panel[] = PANELS.filter((panel) => panel !== 'timeline');

function SidePanel({ panel }: { panel: Panel }) {
  switch (panel) {
    case 'decisions':
      return <DecisionLog />;
    case 'status':
      return <StatusPanel />;
    case 'roles':
      return <RolesPanel />;
    case 'milestones':
      return <MilestonesPanel />;
    case 'checklist':
      return <ChecklistPanel />;
    case 'actions':
      return <ActionItemsPanel />;
    case 'postmortem':
      return <PostmortemPanel />;
    case 'timeline':
      return null;
  }
}

/** The room: header on top, the timeline on the left, everything else one tab away on the right. */
export function RoomScreen() {
  // Two booleans, not the view: this screen holds the timeline, and selecting the whole view
  // would re-render everything below it on every change anywhere in the room.
  const hasView = useAppStore((state) => state.view !== null);
  const declared = useAppStore((state) => state.view?.declared ?? false);
  const opening = useAppStore((state) => state.opening);
  const openError = useAppStore((state) => state.openError);
  const roomId = useAppStore((state) => state.roomId);
  const access = useAppStore(
    (state) => state.rooms?.find((room) => room.id === state.roomId)?.access,
  );
  const panel = useAppStore((state) => state.panel);
  const leaveRoom = useAppStore((state) => state.leaveRoom);

  if (openError) {
    return (
      <main className="fatal">
        <h1>Could not open the room</h1>
        <p role="alert">{openError}</p>
        <button type="button" onClick={() => void leaveRoom()}>
          Back to rooms
        </button>
      </main>
    );
  }
  if (opening || !hasView || !roomId) return <main className="fatal">Opening the room…</main>;
  if (!declared) return <DeclareForm />;
  const sidePanel = SIDE_PANELS.includes(panel) ? panel : 'decisions';

  return (
    <div className="room">
      <RoomHeader />
      <main className="room-body">
        <div className="room-main">
          <div className="row">
            <PresenceList />
            <UsualRoleOffer />
            {access && access !== 'local' && <InviteButtons roomId={roomId} compact />}
            {access === 'read' && <span className="badge">Read-only</span>}
          </div>
          <TimelinePanel />
        </div>
        <aside className="room-side" aria-label="Room panels">
          <PanelTabs panels={SIDE_PANELS} active={sidePanel} title={panelTitle} />
          <div
            role="tabpanel"
            id={`panel-${sidePanel}`}
            aria-labelledby={`tab-${sidePanel}`}
            className="tab-panel"
          >
            <SidePanel panel={sidePanel} />
          </div>
        </aside>
      </main>
    </div>
  );
}
