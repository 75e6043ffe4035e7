import { useAppStore } from '../store/app-store';

/** Dark by default; one click (or the palette) for a lit room. */
export function ThemeToggle() {
  const theme = useAppStore((state) => state.theme);
  const toggleTheme = useAppStore((state) => state.toggleTheme);
  return (
    <button type="button" className="link" onClick={toggleTheme} aria-pressed={theme === 'light'}>
      Light theme
    </button>
  );
}
