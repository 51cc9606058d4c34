import type { graphEn } from './graph.en';

/** BHS (latinica) strings of the graph part of the workbench; a missing key fails the build. */
export const graphBs: Record<keyof typeof graphEn, string> = {
  'graph.placeholder': 'graph',
};
