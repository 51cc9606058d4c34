/**
 * The rows of one worksheet of an .xlsx workbook, as cell text.
 *
 * Written over fflate and fast-xml-parser because the ingest pipeline is synchronous (it writes a
 * source inside one SQLite transaction) and no maintained synchronous XLSX reader is on npm:
 * SheetJS left the registry at 0.18.5 with known advisories, exceljs and read-excel-file are
 * promise-based. Office Open XML keeps a sheet as rows of cells that are numbers, shared strings
 * (an index into xl/sharedStrings.xml), inline strings or booleans; that is all we read.
 */
import { unzipSync } from 'fflate';
import { XMLParser } from 'fast-xml-parser';

export interface TableRow {
  cells: string[];
  /** 1-based row number in the sheet */
  row: number;
  /** sheet name, for the locator */
  sheet: string;
}

type Node = Record<string, unknown>;
const ARRAYS = new Set(['row', 'c', 'si', 'sheet', 'Relationship', 'r']);
const xml = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '@_', parseTagValue: false, trimValues: false, isArray: (name) => ARRAYS.has(name) });
const utf8 = new TextDecoder('utf-8');

function textOf(node: unknown): string {
  if (node === undefined || node === null) return '';
  if (typeof node === 'string' || typeof node === 'number') return String(node);
  const n = node as Node;
  if ('#text' in n) return String(n['#text']);
  // Rich text: runs of <r><t>…</t></r>.
  if (Array.isArray(n.r)) return (n.r as Node[]).map((r) => textOf(r.t)).join('');
  return textOf(n.t);
}

/** Column letters of a cell reference ("AB12") as a 0-based index. */
function columnIndex(ref: string): number {
  let n = 0;
  for (const ch of ref) {
    const c = ch.charCodeAt(0);
    if (c < 65 || c > 90) break;
    n = n * 26 + (c - 64);
  }
  return n - 1;
}

export function isXlsx(head: Uint8Array): boolean {
  return head[0] === 0x50 && head[1] === 0x4b;
}

/** Reads the named worksheet (default: the first) of an .xlsx file. Throws when it is not one. */
export function* xlsxRows(bytes: Uint8Array, sheetName?: string): Generator<TableRow> {
  let files: Record<string, Uint8Array>;
  try {
    files = unzipSync(bytes, { filter: (f) => f.name.startsWith('xl/') });
  } catch (e) {
    throw new Error(`not an .xlsx workbook (corrupt zip: ${(e as Error).message})`);
  }
  const read = (name: string): Node | null => (files[name] ? (xml.parse(utf8.decode(files[name])) as Node) : null);
  const workbook = read('xl/workbook.xml');
  if (!workbook) throw new Error('not an .xlsx workbook: xl/workbook.xml is missing');
  const sheets = (((workbook.workbook as Node)?.sheets as Node)?.sheet as Node[] | undefined) ?? [];
  const sheet = sheetName ? sheets.find((s) => String(s['@_name']).toLowerCase() === sheetName.toLowerCase()) : sheets[0];
  if (!sheet) throw new Error(sheetName ? `the workbook has no sheet "${sheetName}" (it has ${sheets.map((s) => `"${String(s['@_name'])}"`).join(', ')})` : 'the workbook has no sheets');
  const rels = read('xl/_rels/workbook.xml.rels');
  const relId = String(sheet['@_r:id'] ?? '');
  const target = ((rels?.Relationships as Node)?.Relationship as Node[] | undefined)?.find((r) => r['@_Id'] === relId)?.['@_Target'];
  const path = target ? (String(target).startsWith('/') ? String(target).slice(1) : `xl/${String(target)}`) : 'xl/worksheets/sheet1.xml';
  const data = read(path);
  if (!data) throw new Error(`the workbook's sheet file ${path} is missing`);
  const shared = (((read('xl/sharedStrings.xml')?.sst as Node)?.si as unknown[]) ?? []).map(textOf);
  const name = String(sheet['@_name']);
  const rows = (((data.worksheet as Node)?.sheetData as Node)?.row as Node[] | undefined) ?? [];
  let rowNumber = 0;
  for (const row of rows) {
    rowNumber = Number(row['@_r'] ?? rowNumber + 1);
    const cells: string[] = [];
    let next = 0;
    for (const c of (row.c as Node[] | undefined) ?? []) {
      const at = c['@_r'] ? columnIndex(String(c['@_r'])) : next;
      next = at + 1;
      const type = c['@_t'];
      const value = type === 's' ? (shared[Number(textOf(c.v))] ?? '') : type === 'inlineStr' ? textOf((c.is as Node)?.t ?? c.is) : type === 'b' ? (textOf(c.v) === '1' ? 'TRUE' : 'FALSE') : textOf(c.v);
      cells[at] = value;
    }
    for (let i = 0; i < cells.length; i++) cells[i] ??= '';
    yield { cells, row: rowNumber, sheet: name };
  }
}
