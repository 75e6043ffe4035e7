import { useEffect, useRef, useState } from 'react';
import { EditorState } from '@codemirror/state';
import { EditorView, keymap, placeholder as placeholderExtension } from '@codemirror/view';
import { defaultKeymap, history, historyKeymap } from '@codemirror/commands';
import { yCollab } from 'y-codemirror.next';
import type { Awareness } from 'y-protocols/awareness';
import * as Y from 'yjs';
import { InlineError } from './inline-error';

export interface CollabTextEditorProps {
  /** The shared text this editor binds to; every keystroke becomes a Yjs update on it. */
  text: Y.Text;
  label: string;
  maxChars: number;
  placeholder?: string;
  readOnly?: boolean;
  onFocusChange?: (focused: boolean) => void;
  /** The room's awareness from the host: the other people's carets, and where ours goes. */
  awareness?: Awareness | null;
}

/**
 * A CodeMirror 6 editor bound to a Y.Text with y-codemirror.next, so concurrent typing merges
 * character by character instead of last-writer-wins. With the room's awareness (relayed by the
 * host), other people's carets and selections show live, in their colour and with their name.
 */
export function CollabTextEditor({
  text,
  label,
  maxChars,
  placeholder,
  readOnly,
  onFocusChange,
  awareness,
}: CollabTextEditorProps) {
  const hostRef = useRef<HTMLDivElement>(null);
  const [refusal, setRefusal] = useState<string | null>(null);
  const focusRef = useRef(onFocusChange);
  focusRef.current = onFocusChange;

  useEffect(() => {
    const parent = hostRef.current;
    if (!parent) return;
    const undoManager = new Y.UndoManager(text);
    // A paste that would push the text past its limit is refused whole: a truncated status
    // update is worse than none, and the person keeps their clipboard to trim it.
    const sizeGuard = EditorState.transactionFilter.of((transaction) => {
      if (!transaction.docChanged || transaction.newDoc.length <= maxChars) return transaction;
      if (transaction.newDoc.length <= transaction.startState.doc.length) return transaction;
      queueMicrotask(() =>
        setRefusal(
          `That would make the text ${transaction.newDoc.length} characters; the limit is ${maxChars}. Nothing was changed.`,
        ),
      );
      return [];
    });
    const view = new EditorView({
      parent,
      state: EditorState.create({
        doc: text.toJSON(),
        extensions: [
          history(),
          keymap.of([...defaultKeymap, ...historyKeymap]),
          EditorView.lineWrapping,
          sizeGuard,
          EditorState.readOnly.of(readOnly === true),
          EditorView.editable.of(readOnly !== true),
          placeholderExtension(placeholder ?? ''),
          EditorView.contentAttributes.of({
            'aria-label': label,
            'aria-multiline': 'true',
            role: 'textbox',
          }),
          EditorView.domEventHandlers({
            focus: () => focusRef.current?.(true),
            blur: () => focusRef.current?.(false),
          }),
          EditorView.updateListener.of((update) => {
            if (update.docChanged) setRefusal(null);
          }),
          yCollab(text, awareness ?? null, { undoManager }),
        ],
      }),
    });
    return () => {
      view.destroy();
      undoManager.destroy();
    };
  }, [text, label, maxChars, placeholder, readOnly, awareness]);

  return (
    <div className="collab-editor">
      <div ref={hostRef} className="collab-editor__surface" />
      <InlineError message={refusal} />
    </div>
  );
}
