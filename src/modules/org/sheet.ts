import ExcelJS from 'exceljs';
import { mapHeader, type CellProblem, type SheetColumn, type SheetRow } from '../../domain/org';
import { csvField, decodeText, parseCsv } from '../../shared/csv';
import { XinfangError } from '../../shared/errors';
import { cellText } from '../import/read';

/**
 * The spreadsheets of the organisation's bulk load (.xlsx and .csv): the first sheet, a header row, one record per
 * row. Row numbers are the spreadsheet's own (the header is row 1), so a reported problem points at the row the
 * administrator sees.
 */
export type SheetFormat = 'xlsx' | 'csv';

export function sheetFormatOf(fileName: string): SheetFormat {
  const lower = fileName.toLowerCase();
  if (lower.endsWith('.xlsx')) return 'xlsx';
  if (lower.endsWith('.csv')) return 'csv';
  throw new XinfangError('VALIDATION', `不支持的文件类型：${fileName}（应为 .xlsx 或 .csv）`, `unsupported file type: ${fileName} (expected .xlsx or .csv)`);
}

/** At most this many data rows per file: a county's or a province's organisation, not a dump. */
export const MAX_SHEET_ROWS = 20_000;

async function rawRows(bytes: Uint8Array, format: SheetFormat): Promise<{ row: number; values: (string | null)[] }[]> {
  if (format === 'csv') return parseCsv(decodeText(bytes)).map((values, i) => ({ row: i + 1, values }));
  const workbook = new ExcelJS.Workbook();
  try {
    await workbook.xlsx.load(bytes as unknown as ExcelJS.Buffer);
  } catch {
    throw new XinfangError('VALIDATION', '文件不是有效的 Excel（.xlsx）文件', 'not a valid .xlsx file');
  }
  const sheet = workbook.worksheets[0];
  if (!sheet) return [];
  const out: { row: number; values: (string | null)[] }[] = [];
  sheet.eachRow({ includeEmpty: false }, (row, number) => {
    const values = (row.values as ExcelJS.CellValue[]).slice(1).map((v) => cellText(v));
    out.push({ row: number, values });
  });
  return out;
}

/** The sheet's records keyed by column, empty rows skipped; header problems (unknown or missing columns) apart. */
export async function readSheet<K extends string>(bytes: Uint8Array, format: SheetFormat, columns: readonly SheetColumn<K>[]): Promise<{ rows: SheetRow<K>[]; problems: CellProblem[] }> {
  const raw = await rawRows(bytes, format);
  const headerAt = raw.findIndex((r) => r.values.some((v) => v && v.trim()));
  if (headerAt < 0) return { rows: [], problems: [{ column: '', reason: '文件是空的：第一行应为表头' }] };
  const { keys, problems } = mapHeader(columns, raw[headerAt]!.values);
  const rows: SheetRow<K>[] = [];
  for (const r of raw.slice(headerAt + 1)) {
    const cells: Partial<Record<K, string>> = {};
    let empty = true;
    keys.forEach((key, i) => {
      const v = r.values[i]?.trim();
      if (!key || !v) return;
      cells[key] = v;
      empty = false;
    });
    if (!empty) rows.push({ row: r.row, cells });
  }
  if (rows.length > MAX_SHEET_ROWS) problems.push({ column: '', reason: `一次最多导入 ${MAX_SHEET_ROWS} 行，本文件有 ${rows.length} 行，请分批导入` });
  return { rows, problems };
}

/**
 * The downloadable template: the header (each header cell's note says what it takes, required columns in bold) and
 * a second sheet 「示例」 with example rows that the import never reads.
 */
export async function templateXlsx(columns: readonly SheetColumn[], examples: string[][]): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('导入');
  const sample = workbook.addWorksheet('示例');
  for (const s of [sheet, sample]) {
    s.columns = columns.map((c) => ({ header: c.header, key: c.key, width: Math.max(14, c.header.length * 3) }));
    columns.forEach((c, i) => {
      const cell = s.getRow(1).getCell(i + 1);
      if (c.required) cell.font = { bold: true };
      if (c.hint) cell.note = `${c.required ? '必填。' : ''}${c.hint}`;
    });
    // Codes typed into Excel must stay text: 330683 or 0571… must not become numbers.
    for (let i = 1; i <= columns.length; i++) s.getColumn(i).numFmt = '@';
  }
  for (const e of examples) sample.addRow(e);
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

/** The header line alone (a CSV has no second sheet for examples, and an example row would be imported). */
export function templateCsv(columns: readonly SheetColumn[]): string {
  // The BOM makes Excel open the UTF-8 file as UTF-8.
  return `\ufeff${columns.map((c) => csvField(c.header)).join(',')}\r\n`;
}
