/** English strings of the graph part of the workbench (merged into the one catalog in en.ts). */
export const graphEn = {
  'graph.placeholder': 'graph',
} as const;
