import ExcelJS from 'exceljs';
import { exportTables } from './tables';
import type { ExportModel } from './export-model';

/** Excel cells hold at most this many characters; longer text is cut with a mark saying so. */
const EXCEL_CELL_MAX = 32767;

/**
 * One workbook with the CSV tables as sheets. Every text cell is a string cell, so a phone
 * number stays `+381…` and a value starting with `=` is never read as a formula.
 */
export async function writeXlsx(model: ExportModel): Promise<Uint8Array> {
  const wb = new ExcelJS.Workbook();
  wb.creator = `Nitka ${model.nitkaVersion}`;
  wb.created = new Date(model.exportedAt);
  wb.title = `${model.case.name}${model.view ? ` — ${model.view.name}` : ''}`;
  wb.subject = `case ${model.case.caseId}; victims ${model.victimsRevealed ? 'REVEALED' : 'pseudonymised'}`;
  for (const t of exportTables(model)) {
    const ws = wb.addWorksheet(t.name);
    ws.addRow(t.header).font = { bold: true };
    for (const row of t.rows) {
      ws.addRow(row.map((c) => (typeof c === 'string' && c.length > EXCEL_CELL_MAX ? `${c.slice(0, EXCEL_CELL_MAX - 20)}… [cut for Excel]` : c)));
    }
    ws.views = [{ state: 'frozen', ySplit: 1 }];
    t.header.forEach((h, i) => (ws.getColumn(i + 1).width = Math.min(60, Math.max(10, h.length + 2))));
  }
  const buffer = await wb.xlsx.writeBuffer();
  return new Uint8Array(buffer as ArrayBuffer);
}
