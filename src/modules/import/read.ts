import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import ExcelJS from 'exceljs';
import type { RowProblem } from './record';

/**
 * Streaming readers of an import file: JSONL (one JSON object per line) and XLSX (first sheet, a header row, one
 * record per row). Both yield rows with their 1-based line/row number, so every report points at the file as a
 * person opens it. Blank lines and empty rows are skipped; a line that is not JSON is a row with a problem.
 */

export type SourceRow = { line: number; value: unknown } | { line: number; problem: RowProblem };
export type ImportFormat = 'jsonl' | 'xlsx';

export function formatOf(path: string): ImportFormat | null {
  const lower = path.toLowerCase();
  if (lower.endsWith('.jsonl') || lower.endsWith('.ndjson')) return 'jsonl';
  if (lower.endsWith('.xlsx')) return 'xlsx';
  return null;
}

/** Rows after line `after` (0 = from the start). */
export function readRows(path: string, format: ImportFormat, after = 0): AsyncGenerator<SourceRow> {
  return format === 'jsonl' ? readJsonl(path, after) : readXlsx(path, after);
}

export async function* readJsonl(path: string, after = 0): AsyncGenerator<SourceRow> {
  for await (const { line, text } of readJsonlLines(path, after)) yield parseLine(line, text);
}

/** The non-blank lines of a JSONL file as text, for a reader that parses them elsewhere (the import's workers). */
export async function* readJsonlLines(path: string, after = 0): AsyncGenerator<{ line: number; text: string }> {
  const lines = createInterface({ input: createReadStream(path, { encoding: 'utf8', highWaterMark: 1 << 20 }), crlfDelay: Infinity });
  let line = 0;
  for await (const raw of lines) {
    line += 1;
    if (line <= after) continue;
    const text = line === 1 && raw.charCodeAt(0) === 0xfeff ? raw.slice(1) : raw;
    if (text.trim() === '') continue;
    yield { line, text };
  }
}

export function parseLine(line: number, text: string): SourceRow {
  try {
    return { line, value: JSON.parse(text) as unknown };
  } catch (err) {
    const reason = err instanceof Error ? err.message : String(err);
    return { line, problem: { field: '(line)', messageZh: `不是有效的 JSON：${reason}`, message: `not valid JSON: ${reason}` } };
  }
}

/** Petitioner columns of a sheet: several petitioners in one cell are separated by ';' or '；', position by position. */
const PERSON_COLUMNS = ['petitionerName', 'idNumber', 'phone', 'address', 'isRepresentative'] as const;
const LIST_SEPARATOR = /[;；]/;

type CellValue = ExcelJS.CellValue;

/** A cell as text: rich text joined, formulas by their result, dates as China-local ISO text (no offset). */
export function cellText(value: CellValue): string | null {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (value instanceof Date) {
    // exceljs reads the sheet's wall-clock time as if it were UTC; the record format reads offset-less text as China time.
    const iso = value.toISOString();
    return iso.endsWith('T00:00:00.000Z') ? iso.slice(0, 10) : iso.slice(0, 19);
  }
  if (typeof value === 'object') {
    if ('richText' in value) return value.richText.map((t) => t.text).join('');
    if ('result' in value) return cellText(value.result as CellValue);
    if ('text' in value) return String(value.text);
    if ('error' in value) return null;
  }
  return String(value);
}

/** Excel's serial day number (a date cell whose style was not kept) as an ISO date. */
function serialDate(n: number): string {
  const ms = Math.round((n - 25569) * 86_400_000);
  const iso = new Date(ms).toISOString();
  return iso.endsWith('T00:00:00.000Z') ? iso.slice(0, 10) : iso.slice(0, 19);
}

function flag(text: string): boolean {
  return /^(true|yes|y|1|是|代表)$/i.test(text.trim());
}

/** One sheet row (header name → cell) as a record of the JSONL format. */
export function recordFromSheetRow(cells: Map<string, CellValue>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [name, value] of cells) {
    if ((PERSON_COLUMNS as readonly string[]).includes(name)) continue;
    if ((name === 'receivedAt' || name === 'concludedOn') && typeof value === 'number') {
      out[name] = serialDate(value);
      continue;
    }
    const text = cellText(value);
    if (text === null || text.trim() === '') continue;
    if (name === 'details') {
      try {
        out.details = JSON.parse(text) as unknown;
      } catch {
        out.details = text; // reported by the validator as "not an object"
      }
      continue;
    }
    out[name] = text.trim();
  }
  const column = (name: string) => {
    const text = cellText(cells.get(name) ?? null);
    return text === null ? [] : text.split(LIST_SEPARATOR).map((s) => s.trim());
  };
  const names = column('petitionerName');
  const ids = column('idNumber');
  const phones = column('phone');
  const addresses = column('address');
  const reps = column('isRepresentative');
  const count = Math.max(names.length, ids.length, phones.length, addresses.length);
  const people: Record<string, unknown>[] = [];
  for (let i = 0; i < count; i++) {
    const person: Record<string, unknown> = { name: names[i] ?? '' };
    if (ids[i]) person.idNumber = ids[i];
    if (phones[i]) person.phone = phones[i];
    if (addresses[i]) person.address = addresses[i];
    if (reps[i]) person.isRepresentative = flag(reps[i]!);
    // A trailing separator ("张三;") leaves an empty slot, not a nameless petitioner.
    if (names[i] || ids[i] || phones[i] || addresses[i]) people.push(person);
  }
  out.petitioners = people;
  return out;
}

export async function* readXlsx(path: string, after = 0): AsyncGenerator<SourceRow> {
  const workbook = new ExcelJS.stream.xlsx.WorkbookReader(path, { worksheets: 'emit', sharedStrings: 'cache', styles: 'cache', hyperlinks: 'ignore', entries: 'ignore' });
  for await (const sheet of workbook) {
    let header: (string | null)[] | null = null;
    for await (const row of sheet) {
      const values = (row.values as CellValue[]) ?? [];
      if (!header) {
        header = values.map((v) => cellText(v)?.trim() || null);
        continue;
      }
      if (row.number <= after) continue;
      const cells = new Map<string, CellValue>();
      let empty = true;
      header.forEach((name, col) => {
        if (!name) return;
        const v = values[col];
        if (v !== null && v !== undefined && cellText(v)?.trim()) empty = false;
        cells.set(name, v ?? null);
      });
      if (empty) continue;
      yield { line: row.number, value: recordFromSheetRow(cells) };
    }
    break; // the first sheet only
  }
}
