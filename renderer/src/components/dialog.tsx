import { useId, useLayoutEffect, useRef, type KeyboardEvent, type ReactNode } from 'react';

const TABBABLE =
  'a[href], button:not(:disabled), input:not(:disabled), select:not(:disabled), textarea:not(:disabled), [tabindex]:not([tabindex="-1"])';

/** A radio group is one Tab stop: any of its radios stands for the stop. */
function inStop(element: Element | null, stop: HTMLElement): boolean {
  if (element === stop) return true;
  return (
    element instanceof HTMLInputElement &&
    stop instanceof HTMLInputElement &&
    element.type === 'radio' &&
    stop.type === 'radio' &&
    element.name !== '' &&
    element.name === stop.name
  );
}

/** Focuses a Tab stop the way the browser would: a radio group at its checked radio. */
function focusStop(stop: HTMLElement, stops: HTMLElement[]): void {
  const checked = stops.find(
    (candidate) =>
      inStop(candidate, stop) && candidate instanceof HTMLInputElement && candidate.checked,
  );
  (checked ?? stop).focus();
}

/**
 * A modal on the native `<dialog>` opened with `showModal()`: the browser puts it in the top layer
 * and makes the rest of the page inert, and Escape cancels it. Two things the browser leaves to
 * us: Tab past the last control would leave the page for the browser's own UI, so it wraps
 * inside; and focus goes back to whatever opened the dialog when it closes, even when React
 * removes the element without closing it.
 *
 * The dialog stays open for as long as it is rendered: closing (Escape, a click on the backdrop,
 * a Cancel button) asks the owner through `onClose`, and the owner stops rendering it.
 */
export function Dialog({
  title,
  onClose,
  children,
}: {
  title: string;
  onClose: () => void;
  children: ReactNode;
}) {
  const titleId = useId();
  const ref = useRef<HTMLDialogElement>(null);
  // The latest onClose, so the native listeners set up once always call the current one.
  const onCloseRef = useRef(onClose);
  onCloseRef.current = onClose;

  useLayoutEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    const opener = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    dialog.showModal();
    dialog.querySelector<HTMLElement>(TABBABLE)?.focus();
    // The browser may close the dialog itself (a second Escape it does not let us cancel);
    // the owner must then stop rendering it too.
    let closingOurselves = false;
    const onNativeClose = () => {
      if (!closingOurselves) onCloseRef.current();
    };
    dialog.addEventListener('close', onNativeClose);
    return () => {
      closingOurselves = true;
      dialog.removeEventListener('close', onNativeClose);
      if (dialog.open) dialog.close();
      if (opener?.isConnected) opener.focus();
    };
  }, []);

  function keepTabInside(event: KeyboardEvent<HTMLDialogElement>) {
    if (event.key === 'Escape') {
      // The dialog handles Escape (through `cancel`); the app's shortcuts must not see it too.
      event.stopPropagation();
      return;
    }
    if (event.key !== 'Tab') return;
    const stops = [...event.currentTarget.querySelectorAll<HTMLElement>(TABBABLE)];
    const first = stops[0];
    const last = stops[stops.length - 1];
    if (!first || !last) {
      event.preventDefault();
      return;
    }
    const active = document.activeElement;
    if (event.shiftKey && (inStop(active, first) || active === event.currentTarget)) {
      event.preventDefault();
      focusStop(last, stops);
    } else if (!event.shiftKey && inStop(active, last)) {
      event.preventDefault();
      focusStop(first, stops);
    }
  }

  return (
    <dialog
      ref={ref}
      aria-labelledby={titleId}
      className="dialog"
      onKeyDown={keepTabInside}
      onCancel={(event) => {
        // Closing is the owner's decision: it stops rendering the dialog.
        event.preventDefault();
        onCloseRef.current();
      }}
      onMouseDown={(event) => {
        // The <dialog> element itself is only hit outside the panel, i.e. on the backdrop.
        if (event.target === event.currentTarget) onCloseRef.current();
      }}
    >
      <div className="panel dialog__panel">
        <h2 id={titleId}>{title}</h2>
        {children}
      </div>
    </dialog>
  );
}
