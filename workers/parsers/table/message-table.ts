/**
 * Messages from a table (CSV from forensic tools, a spreadsheet), read through a column mapping
 * the investigator gives: which column is the time, the sender, the body, the chat…; the header
 * row names the columns. Locators are the table's line (CSV) or row and sheet (XLSX).
 */
import { DateTime } from 'luxon';
import type { ColumnMapping } from '../../../shared/api/contract';
import type { ChatRecord, ParsedChat } from '../chat-records';
import type { DateOrder } from '../whatsapp/whatsapp-text';

export interface TableInputRow {
  cells: string[];
  /** first and last line (CSV) or the row number (XLSX) */
  line: number;
  lastLine?: number;
  offset?: number;
  /** the sheet, for workbooks */
  entry?: string;
}

const FIELDS = ['time', 'body', 'sender', 'chat', 'messageId', 'replyTo', 'attachment'] as const;
type Field = (typeof FIELDS)[number];
const PLATFORMS = new Set<ParsedChat['platform']>(['whatsapp', 'telegram', 'messenger', 'instagram', 'signal', 'discord']);

const norm = (s: string) => s.replace(/^\ufeff/, '').trim().toLowerCase();

/** Column index of every mapped field; throws naming what is missing and what exists. */
export function resolveColumns(header: string[], mapping: ColumnMapping): Partial<Record<Field, number>> {
  const names = header.map(norm);
  const out: Partial<Record<Field, number>> = {};
  const missing: string[] = [];
  for (const field of FIELDS) {
    const column = mapping[field];
    if (!column) continue;
    const at = names.indexOf(norm(column));
    if (at < 0) missing.push(`${field} → "${column}"`);
    else out[field] = at;
  }
  if (missing.length) throw new Error(`the mapping names columns the header row does not have (${missing.join(', ')}); the columns are ${header.map((h) => `"${h.trim()}"`).join(', ')}`);
  return out;
}

/** True when every column the mapping needs is in the header row. */
export function mappingFits(header: string[], mapping: ColumnMapping): boolean {
  try {
    resolveColumns(header, mapping);
    return true;
  } catch {
    return false;
  }
}

const SLASHED = /^(\d{1,4})[/.-](\d{1,2})[/.-](\d{1,4})[,T\s]+(\d{1,2}):(\d{2})(?::(\d{2}))?(?:[.,]\d+)?\s*([AaPp]\.?\s?[Mm]\.?)?\s*$/;

/** The day/month order of slashed dates in a column, decided like WhatsApp's: a field above 12. */
export function inferTableDateOrder(values: Iterable<string>): DateOrder | null {
  let first = false;
  let second = false;
  for (const v of values) {
    const m = SLASHED.exec(v.trim());
    if (!m) continue;
    if (m[1]!.length === 4) return 'ymd';
    if (/^\d{1,2}\.\d{1,2}\.\d{2,4}/.test(v.trim())) return 'dmy'; // dotted dates are day first everywhere we work
    if (Number(m[1]) > 12) first = true;
    if (Number(m[2]) > 12) second = true;
  }
  if (first && !second) return 'dmy';
  if (second && !first) return 'mdy';
  return null;
}

export interface TableTime {
  utc: string;
  /** false when read as local time in the case zone */
  absolute: boolean;
}

/**
 * One time cell to UTC. `format` is a luxon format ("dd.MM.yyyy HH:mm:ss"), or `iso`, `epoch-s`,
 * `epoch-ms`, `excel` (serial days); without one the common forms are tried, and slashed dates
 * use `dateOrder`.
 */
export function parseTableTime(text: string, format: string | undefined, timezone: string, dateOrder: DateOrder | null): TableTime | null {
  const t = text.trim();
  if (!t) return null;
  const fromMillis = (ms: number): TableTime | null => (Number.isFinite(ms) ? { utc: new Date(ms).toISOString(), absolute: true } : null);
  const local = (dt: DateTime): TableTime | null => (dt.isValid ? { utc: dt.toUTC().toISO({ suppressMilliseconds: true })!, absolute: false } : null);
  // Excel keeps local wall-clock times as days since 1899-12-30.
  const excel = (serial: number): TableTime | null => {
    const wall = new Date(Math.round((serial - 25569) * 86_400_000));
    return local(DateTime.fromObject({ year: wall.getUTCFullYear(), month: wall.getUTCMonth() + 1, day: wall.getUTCDate(), hour: wall.getUTCHours(), minute: wall.getUTCMinutes(), second: wall.getUTCSeconds() }, { zone: timezone }));
  };
  switch (format) {
    case 'epoch-s':
      return /^\d+(\.\d+)?$/.test(t) ? fromMillis(Number(t) * 1000) : null;
    case 'epoch-ms':
      return /^\d+$/.test(t) ? fromMillis(Number(t)) : null;
    case 'excel':
      return /^\d+(\.\d+)?$/.test(t) ? excel(Number(t)) : null;
    case 'iso':
    case undefined:
      break;
    default: {
      const dt = DateTime.fromFormat(t, format, { zone: timezone, setZone: true });
      if (!dt.isValid) return null;
      return /[Zz]/.test(format.replace(/'[^']*'/g, '')) ? { utc: dt.toUTC().toISO({ suppressMilliseconds: true })!, absolute: true } : local(dt);
    }
  }
  if (/^\d{12,13}$/.test(t)) return fromMillis(Number(t));
  if (/^\d{9,10}$/.test(t)) return fromMillis(Number(t) * 1000);
  if (/^\d{5}(\.\d+)?$/.test(t)) return excel(Number(t));
  if (/^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}/.test(t)) {
    const iso = t.replace(' ', 'T');
    const hasZone = /(Z|[+-]\d{2}:?\d{2})$/i.test(iso);
    const dt = DateTime.fromISO(iso, { zone: timezone, setZone: hasZone });
    if (!dt.isValid) return null;
    return hasZone ? { utc: dt.toUTC().toISO({ suppressMilliseconds: true })!, absolute: true } : local(dt);
  }
  const m = SLASHED.exec(t);
  if (!m) return null;
  const dotted = /^\d{1,2}\.\d{1,2}\.\d{2,4}/.test(t);
  const order: DateOrder | null = m[1]!.length === 4 ? 'ymd' : dotted ? 'dmy' : dateOrder;
  if (!order) return null;
  const [a, b, c] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const [y, mo, d] = order === 'ymd' ? [a, b, c] : order === 'dmy' ? [c, b, a] : [c, a, b];
  let hour = Number(m[4]);
  const meridiem = m[7]?.toLowerCase().replace(/[^ap]/g, '');
  if (meridiem === 'a' && hour === 12) hour = 0;
  if (meridiem === 'p' && hour < 12) hour += 12;
  return local(DateTime.fromObject({ year: y < 100 ? 2000 + y : y, month: mo, day: d, hour, minute: Number(m[5]), second: Number(m[6] ?? 0) }, { zone: timezone }));
}

/** The table's messages as common chat records; the first row is the header. */
export function* tableChatRecords(rows: Iterable<TableInputRow>, mapping: ColumnMapping, options: { timezone: string; dateOrder: DateOrder | null; title: string }): Generator<ChatRecord> {
  const platform: ParsedChat['platform'] = mapping.platform && PLATFORMS.has(mapping.platform as ParsedChat['platform']) ? (mapping.platform as ParsedChat['platform']) : 'csv';
  let columns: Partial<Record<Field, number>> | null = null;
  const chats = new Set<string>();
  for (const row of rows) {
    if (!columns) {
      columns = resolveColumns(row.cells, mapping);
      continue;
    }
    const cell = (f: Field): string | null => {
      const at = columns![f];
      if (at === undefined) return null;
      const v = row.cells[at];
      return v === undefined || v.trim() === '' ? null : v;
    };
    const locator = { line: row.line, lastLine: row.lastLine ?? row.line, ...(row.offset !== undefined ? { offset: row.offset } : {}), ...(row.entry ? { entry: row.entry } : {}) };
    if (row.cells.every((c) => c.trim() === '')) continue;
    const timeText = cell('time') ?? '';
    const time = parseTableTime(timeText, mapping.timeFormat, options.timezone, options.dateOrder);
    if (!time) {
      yield { kind: 'unparsed', text: row.cells.join('\t'), locator };
      continue;
    }
    const chatValue = cell('chat');
    const chatKey = chatValue ?? options.title;
    if (!chats.has(chatKey)) {
      chats.add(chatKey);
      yield { kind: 'chat', key: chatKey, platform, title: chatValue ? `${options.title} / ${chatValue}` : options.title };
    }
    const sender = cell('sender');
    const attachment = cell('attachment');
    const messageId = cell('messageId');
    yield {
      kind: 'message',
      chatKey,
      senderKey: sender,
      senderName: sender,
      senderKeyIsName: true,
      utc: time.utc,
      timeText,
      timezone: time.absolute ? null : options.timezone,
      body: cell('body') ?? '',
      event: null,
      replyTo: cell('replyTo'),
      forwardedFrom: null,
      edited: false,
      deleted: false,
      media: attachment ? { fileName: attachment, omitted: false } : null,
      locator: messageId ? { ...locator, messageId } : locator,
    };
  }
  if (!columns) throw new Error('the table is empty: no header row');
}
