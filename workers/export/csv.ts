import { exportTables, type Cell } from './tables';
import type { ExportModel } from './export-model';

/** RFC 4180: a field with a comma, quote or line break is quoted, quotes doubled. */
export function csvField(v: Cell): string {
  if (v === null) return '';
  const s = String(v);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/**
 * The CSV folder: one file per table (nodes, edges, evidence, sources, traces, audit), RFC 4180
 * (CRLF, quoted where needed), UTF-8 with a byte-order mark. The BOM is there because Excel,
 * the tool these files are most often double-clicked into, reads UTF-8 without it as the local
 * code page and garbles č, ć, đ, š, ž and Cyrillic; Python (utf-8-sig), pandas, R and
 * LibreOffice skip it. Values are written as they are, never rewritten against formula
 * injection (that would change evidence): open them in Excel through the XLSX export instead.
 */
export function writeCsv(model: ExportModel): Array<{ name: string; bytes: Uint8Array }> {
  return exportTables(model).map((t) => {
    const text = [t.header, ...t.rows].map((row) => row.map(csvField).join(',')).join('\r\n');
    return { name: `${t.name}.csv`, bytes: new TextEncoder().encode(`\uFEFF${text}\r\n`) };
  });
}
