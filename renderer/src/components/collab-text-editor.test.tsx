// @vitest-environment jsdom
import { cleanup, render, screen } from '@testing-library/react';
import { EditorView } from '@codemirror/view';
import { afterEach, expect, it } from 'vitest';
import * as Y from 'yjs';
import { CollabTextEditor } from './collab-text-editor';

afterEach(cleanup);

function mount(limit: number) {
  const doc = new Y.Doc();
  const text = doc.getText('statusDraft');
  text.insert(0, 'We are investigating.');
  render(<CollabTextEditor text={text} label="Status update draft" maxChars={limit} />);
  const content = screen.getByRole('textbox', { name: 'Status update draft' });
  const view = EditorView.findFromDOM(content);
  if (!view) throw new Error('no editor view');
  return { text, view };
}

it('binds the editor to the shared text both ways', () => {
  const { text, view } = mount(100);
  view.dispatch({ changes: { from: view.state.doc.length, insert: ' Next update 15:00 UTC.' } });
  expect(text.toJSON()).toBe('We are investigating. Next update 15:00 UTC.');
  text.insert(0, 'UPDATE: ');
  expect(view.state.doc.toString()).toBe('UPDATE: We are investigating. Next update 15:00 UTC.');
});

it('refuses a paste past the limit whole, says so, and leaves the text as it was', async () => {
  const { text, view } = mount(100);
  view.dispatch({ changes: { from: 0, insert: 'x'.repeat(500) } });
  expect(text.toJSON()).toBe('We are investigating.');
  expect((await screen.findByRole('alert')).textContent).toMatch(
    /limit is 100\. Nothing was changed/,
  );
});
