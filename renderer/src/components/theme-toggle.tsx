import { useAppStore } from '../store/app-store';

/**
 * Dark by default; one click (or the palette) for a lit room. The button says what it switches
 * to, in the palette's words, rather than carrying a fixed name and a pressed state that nobody
 * sees: a fixed "Light theme" read the same in both themes.
 */
export function ThemeToggle({ compact = false }: { compact?: boolean }) {
  const theme = useAppStore((state) => state.theme);
  const toggleTheme = useAppStore((state) => state.toggleTheme);
  const target = theme === 'dark' ? 'light' : 'dark';
  return (
    <button
      type="button"
      className="link theme-toggle"
      onClick={toggleTheme}
      aria-label={`Switch to ${target} theme`}
      title={`Switch to the ${target} theme`}
    >
      <span aria-hidden="true">{target === 'light' ? '☀' : '☾'}</span>
      {/* The room header has no room for the word; the icon keeps the name and the tooltip. */}
      {!compact && ` ${target === 'light' ? 'Light' : 'Dark'}`}
    </button>
  );
}
