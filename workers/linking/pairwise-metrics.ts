/**
 * Pairwise precision and recall of a clustering against ground truth, the usual measure for
 * record linkage and near-duplicate detection: every pair of items put in one cluster is a
 * predicted link, every pair with the same true label a true link.
 */

export interface PairwiseScores {
  /** true links among predicted ones; 1 when nothing is predicted */
  precision: number;
  /** predicted links among true ones; 1 when there is nothing to find */
  recall: number;
  truePairs: number;
  predictedPairs: number;
}

const pairs = (n: number): number => (n * (n - 1)) / 2;

/**
 * Scores `predictedClusters` (lists of item ids; singletons may be left out) against `truth`
 * (item id → label, null for an item that belongs with no other). Pairs are counted from cluster
 * and label sizes, never enumerated, so a million items cost a million map lookups. An item
 * missing from `truth` counts as unlabelled.
 */
export function pairwisePrecisionRecall(predictedClusters: readonly (readonly number[])[], truth: ReadonlyMap<number, number | null>): PairwiseScores {
  const labelSizes = new Map<number, number>();
  for (const label of truth.values()) if (label !== null) labelSizes.set(label, (labelSizes.get(label) ?? 0) + 1);
  let truePairs = 0;
  for (const n of labelSizes.values()) truePairs += pairs(n);

  let predictedPairs = 0;
  let correctPairs = 0;
  const inCluster = new Map<number, number>();
  for (const cluster of predictedClusters) {
    predictedPairs += pairs(cluster.length);
    inCluster.clear();
    for (const id of cluster) {
      const label = truth.get(id);
      if (label === undefined || label === null) continue;
      inCluster.set(label, (inCluster.get(label) ?? 0) + 1);
    }
    for (const n of inCluster.values()) correctPairs += pairs(n);
  }
  return {
    precision: predictedPairs === 0 ? 1 : correctPairs / predictedPairs,
    recall: truePairs === 0 ? 1 : correctPairs / truePairs,
    truePairs,
    predictedPairs,
  };
}
