// jsdom (29) has HTMLDialogElement without showModal/close; components under test open the app's
// native modal (components/dialog.tsx). This stands in for the browser's part only as far as
// tests can see it: the `open` attribute (which makes the dialog and its contents accessible),
// and the `close` event. Top layer, inertness and Escape are proved in real Chromium by
// e2e/ui-dialog-keyboard.spec.ts. Import it from a jsdom test that renders a Dialog.
if (typeof HTMLDialogElement !== 'undefined' && !('showModal' in HTMLDialogElement.prototype)) {
  Object.defineProperties(HTMLDialogElement.prototype, {
    open: {
      configurable: true,
      get(this: HTMLDialogElement) {
        return this.hasAttribute('open');
      },
      set(this: HTMLDialogElement, value: boolean) {
        this.toggleAttribute('open', value);
      },
    },
    show: {
      configurable: true,
      value(this: HTMLDialogElement) {
        this.setAttribute('open', '');
      },
    },
    showModal: {
      configurable: true,
      value(this: HTMLDialogElement) {
        if (!this.isConnected)
          throw new DOMException('The dialog is not connected.', 'InvalidStateError');
        this.setAttribute('open', '');
      },
    },
    close: {
      configurable: true,
      value(this: HTMLDialogElement) {
        if (!this.hasAttribute('open')) return;
        this.removeAttribute('open');
        this.dispatchEvent(new Event('close'));
      },
    },
  });
}

export {};
