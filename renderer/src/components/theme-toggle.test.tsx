// @vitest-environment jsdom
import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { AppStoreContext, createAppStore } from '../store/app-store';
import { ThemeToggle } from './theme-toggle';

afterEach(cleanup);

function renderToggle(compact = false) {
  const store = createAppStore();
  render(
    <AppStoreContext.Provider value={store}>
      <ThemeToggle compact={compact} />
    </AppStoreContext.Provider>,
  );
  return store;
}

describe('the theme button', () => {
  it('says the theme it switches to, and says the other one once it has switched', () => {
    const store = renderToggle();
    expect(store.getState().theme).toBe('dark');
    const toLight = screen.getByRole('button', { name: 'Switch to light theme' });
    // The visible word is part of the accessible name (WCAG 2.5.3, label in name).
    expect(toLight.textContent).toContain('Light');
    // The name carries the state; a pressed state on top would say it twice.
    expect(toLight.hasAttribute('aria-pressed')).toBe(false);

    fireEvent.click(toLight);
    expect(store.getState().theme).toBe('light');
    const toDark = screen.getByRole('button', { name: 'Switch to dark theme' });
    expect(toDark.textContent).toContain('Dark');
    expect(screen.queryByRole('button', { name: 'Switch to light theme' })).toBeNull();

    fireEvent.click(toDark);
    expect(store.getState().theme).toBe('dark');
  });

  it('keeps its name when compact (the room header shows only the icon)', () => {
    renderToggle(true);
    const button = screen.getByRole('button', { name: 'Switch to light theme' });
    expect(button.textContent).toBe('☀');
    expect(button.getAttribute('title')).toBe('Switch to the light theme');
  });
});
