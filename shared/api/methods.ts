/**
 * The names of the CaseApi methods, kept apart from the zod schemas so that the sandboxed
 * preload can bridge exactly these and nothing else without bundling the validators.
 */
export const caseApiMethods = [
  'hostInfo',
  'createCase',
  'openCase',
  'closeCase',
  'caseInfo',
  'ingestFile',
  'addSource',
  'listSources',
  'auditLog',
  'verify',
  'listEntities',
  'listMessages',
  'listMappings',
  'ingestStatus',
  'graph',
  'why',
  'listSuggestions',
  'decideSuggestion',
  'listClusters',
  'fetchChain',
  'trace',
  'chainFindings',
  'updateSettings',
  'cancelIngest',
  'sourceReport',
  'nodeEvidence',
  'timeline',
  'flagVictim',
  'unflagVictim',
  'listVictims',
  'revealVictim',
  'saveView',
  'getView',
  'listViews',
  'deleteView',
  'listTraces',
  'getTrace',
  'exportCase',
  'importPackage',
] as const;

export type CaseApiMethod = (typeof caseApiMethods)[number];

/** True if `name` is one of the CaseApi methods. */
export function isCaseApiMethod(name: string): name is CaseApiMethod {
  return (caseApiMethods as readonly string[]).includes(name);
}
