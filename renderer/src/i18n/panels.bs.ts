import type { panelsEn } from './panels.en';

/** BHS (latinica) strings of the panels part of the workbench; a missing key fails the build. */
export const panelsBs: Record<keyof typeof panelsEn, string> = {
  'panels.placeholder': 'panels',
};
