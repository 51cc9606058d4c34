/**
 * What is selected in the graph: nodes, or one link. The same shape as the graph view's
 * GraphSelection, declared here so the panels do not depend on the graph's module.
 */
export type Selection = { nodes: number[]; edge: number | null };
