import { LIMITS } from '../../../shared/doc/limits';
import { POSTMORTEM_FIELDS, type PostmortemField } from '../../../shared/doc/enums';
import { useAppStore } from '../store/app-store';
import { CollabTextEditor } from './collab-text-editor';
import { selectReadOnly } from '../store/room-view';

const TITLES: Record<PostmortemField, string> = {
  summary: 'Summary',
  impact: 'Impact',
  contributingFactors: 'Contributing factors',
  fiveWhys: 'Five whys',
  wentWell: 'What went well',
  wentPoorly: 'What went poorly',
  gotLucky: 'Where we got lucky',
  followUpMetrics: 'Follow-up metrics',
};

/** Postmortem sections, each a shared text several people write in at once. */
export function PostmortemPanel() {
  const readOnly = useAppStore(selectReadOnly);
  const hasRoom = useAppStore((state) => state.room !== null);
  if (!hasRoom) return null;
  return (
    <section className="panel" aria-labelledby="postmortem-title">
      <h2 id="postmortem-title">Postmortem</h2>
      <p className="muted">Blameless: describe systems and decisions, not people.</p>
      {POSTMORTEM_FIELDS.map((field) => (
        <PostmortemField key={field} field={field} readOnly={readOnly} />
      ))}
    </section>
  );
}

function PostmortemField({ field, readOnly }: { field: PostmortemField; readOnly: boolean }) {
  const text = useAppStore((state) => state.sharedText({ postmortem: field }));
  const setEditing = useAppStore((state) => state.setEditing);
  const awareness = useAppStore((state) => state.room?.awareness ?? null);
  if (!text) return null;
  return (
    <div>
      <h3>{TITLES[field]}</h3>
      <CollabTextEditor
        text={text}
        label={`Postmortem: ${TITLES[field]}`}
        maxChars={LIMITS.postmortemFieldChars}
        readOnly={readOnly}
        awareness={awareness}
        onFocusChange={(focused) => setEditing(focused ? 'postmortem' : null)}
      />
    </div>
  );
}
