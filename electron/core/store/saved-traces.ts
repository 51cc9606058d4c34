import type { Database } from 'better-sqlite3-multiple-ciphers';
import { traceResultSchema, traceSummarySchema, type TraceResult } from '../../../shared/api/contract';
import type { z } from 'zod';
import { NitkaError } from '../../../shared/result';

export type TraceSummary = z.infer<typeof traceSummarySchema>;

/** The traces the case has saved (see tracing.ts), newest first, summarised without reading their results whole. */
export function listTraces(db: Database): TraceSummary[] {
  const rows = db
    .prepare(
      `SELECT id, seed, json_extract(params, '$.direction') AS direction, json_extract(params, '$.model') AS model, fingerprint, created_at, created_by,
              json_array_length(result, '$.nodes') AS nodes,
              (SELECT count(*) FROM json_each(traces.result, '$.nodes') WHERE json_extract(value, '$.exit')) AS exits
       FROM traces ORDER BY id DESC`,
    )
    .all() as Array<{ id: number; seed: string; direction: string; model: string; fingerprint: string; created_at: string; created_by: string; nodes: number; exits: number }>;
  return rows.map((r) => traceSummarySchema.parse({ id: r.id, seed: r.seed, direction: r.direction, model: r.model, fingerprint: r.fingerprint, at: r.created_at, by: r.created_by, nodes: r.nodes, exits: r.exits }));
}

/** One saved trace as it was computed. */
export function getTrace(db: Database, id: number): TraceResult {
  const row = db.prepare('SELECT id, result FROM traces WHERE id = ?').get(id) as { id: number; result: string } | undefined;
  if (!row) throw new NitkaError('not_found', `no saved trace ${id} in this case (nitka traces CASE lists them)`, { trace: id });
  return traceResultSchema.parse({ ...(JSON.parse(row.result) as object), id: row.id });
}
