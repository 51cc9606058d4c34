/** English strings of the panels part of the workbench (merged into the one catalog in en.ts). */
export const panelsEn = {
  'panels.placeholder': 'panels',
} as const;
