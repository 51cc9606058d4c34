export type Theme = 'light' | 'dark';
const THEME_KEY = 'nitka.theme';

/** The saved theme, else the system's preference: analysts often work late in dark rooms. */
export function initialTheme(): Theme {
  const saved = localStorage.getItem(THEME_KEY);
  if (saved === 'light' || saved === 'dark') return saved;
  return window.matchMedia?.('(prefers-color-scheme: dark)').matches ? 'dark' : 'light';
}

export function saveTheme(theme: Theme): void {
  localStorage.setItem(THEME_KEY, theme);
}
