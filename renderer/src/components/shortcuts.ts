import type { MessageKey } from '../i18n/en';

/** The workbench's views, in the order of the tab bar and of Alt+1…8. */
export const VIEWS = ['case', 'ingest', 'graph', 'timeline', 'suggestions', 'trace', 'victims', 'audit'] as const;
export type ViewName = (typeof VIEWS)[number];

/** Every keyboard shortcut, one table for the handler and the help overlay. */
export const SHORTCUTS: ReadonlyArray<{ keys: string; action: MessageKey }> = [
  { keys: 'Alt+1 … Alt+8', action: 'shortcut.views' },
  { keys: 'Ctrl+O', action: 'shortcut.addEvidence' },
  { keys: 'Ctrl+Shift+V', action: 'shortcut.verify' },
  { keys: 'Ctrl+Shift+L', action: 'shortcut.timeline' },
  { keys: '?', action: 'shortcut.help' },
  { keys: 'Esc', action: 'shortcut.close' },
];

/** Which view Alt+digit selects (e.code, so it works on every keyboard layout), or null. */
export function viewForKey(e: { altKey: boolean; ctrlKey: boolean; metaKey: boolean; code: string }): ViewName | null {
  if (!e.altKey || e.ctrlKey || e.metaKey) return null;
  const m = /^(?:Digit|Numpad)([1-8])$/.exec(e.code);
  return m ? (VIEWS[Number(m[1]) - 1] ?? null) : null;
}
