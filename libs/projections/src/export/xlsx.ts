/**
 * XLSX export: one print-ready worksheet per ReportTable, laid out like the provincial appendices
 * (merged title lines, boxed grey header with merged cells, Times New Roman, A4 landscape).
 * Money stays numeric (triệu đồng) so the sheet can still be summed; formats do the rounding.
 */
import type { Alignment, Borders, Fill, Font, Style, Workbook, Worksheet } from 'exceljs';
import { checkTable, placeHeader } from './csv';
import type { CellValue, ColumnSpec, ReportTable, TableRow } from './report-table';

const FONT = 'Times New Roman';
const BODY_SIZE = 11;
const TITLE_SIZE = 13;
const SUBTITLE_SIZE = 12;
const DEFAULT_WIDTH = 10;
const THIN: Partial<Borders> = {
  top: { style: 'thin' },
  left: { style: 'thin' },
  bottom: { style: 'thin' },
  right: { style: 'thin' },
};
const HEADER_FILL: Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFD9D9D9' } };
const TOTAL_FILL: Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFF2F2F2' } };
const NUMBER_FORMATS = { trieu: '#,##0.0', count: '#,##0', countFraction: '#,##0.0', percent: '0.0%', number: '#,##0', numberFraction: '#,##0.0##' };

export async function renderXlsx(tables: readonly ReportTable[]): Promise<Buffer> {
  // Excel refuses to open a workbook without a sheet.
  if (tables.length === 0) throw new RangeError('An XLSX export needs at least one table');
  for (const table of tables) checkTable(table);

  // Loaded on first export: exceljs is large, and every process that never exports (API start-up, workers) is spared it.
  const { Workbook: WorkbookClass } = await import('exceljs');
  const workbook = new WorkbookClass();
  workbook.creator = 'khuyen-cong';
  const names = new Set<string>();
  for (const table of tables) addSheet(workbook, table, uniqueName(table.sheetName, names));
  const out = await workbook.xlsx.writeBuffer();
  // exceljs types its result as its own ArrayBuffer-like; under Node it is a Buffer already.
  return Buffer.isBuffer(out) ? out : Buffer.from(out as ArrayBuffer);
}

/** Excel compares sheet names case-insensitively; the same report twice gets "Kinh phí (2)". */
function uniqueName(name: string, used: Set<string>): string {
  let candidate = name;
  for (let n = 2; used.has(candidate.toLowerCase()); n++) {
    const suffix = ` (${n})`;
    candidate = name.slice(0, 31 - suffix.length) + suffix;
  }
  used.add(candidate.toLowerCase());
  return candidate;
}

function addSheet(workbook: Workbook, table: ReportTable, name: string): void {
  const width = Math.max(table.columns.length, 1);
  const widths = table.columns.map((c) => c.width ?? DEFAULT_WIDTH);
  const sheet = workbook.addWorksheet(name);
  sheet.columns = widths.map((w) => ({ width: w }));

  let row = 1;
  banner(sheet, row++, 1, width, table.title, { name: FONT, size: TITLE_SIZE, bold: true }, 'center', sum(widths));
  for (const subtitle of table.subtitles) {
    banner(sheet, row++, 1, width, subtitle, { name: FONT, size: SUBTITLE_SIZE, italic: true }, 'center', sum(widths));
  }
  if (table.unitNote !== undefined) {
    const from = unitNoteStart(widths, table.unitNote);
    banner(sheet, row++, from, width, table.unitNote, { name: FONT, size: BODY_SIZE, italic: true }, 'right', sum(widths.slice(from - 1)));
  }

  const headerTop = row;
  writeHeader(sheet, table, headerTop, widths);
  row += table.header.length;
  const headerBottom = row - 1;

  for (const body of table.rows) writeBodyRow(sheet, row++, body, table.columns, widths);

  // Freeze below the header and right of the label column(s): TT and Nội dung stay in view.
  const lastLabel = table.columns.map((c) => c.kind).lastIndexOf('label');
  const xSplit = lastLabel + 1;
  sheet.views = [
    {
      state: 'frozen',
      xSplit,
      ySplit: headerBottom,
      topLeftCell: sheet.getCell(headerBottom + 1, xSplit + 1).address,
      activeCell: sheet.getCell(headerBottom + 1, xSplit + 1).address,
    },
  ];
  sheet.pageSetup = {
    paperSize: 9, // A4
    orientation: 'landscape',
    fitToPage: true,
    fitToWidth: 1,
    fitToHeight: 0, // as many pages tall as needed, one page wide
    horizontalCentered: true,
    // Excel's "Narrow" preset, in inches.
    margins: { left: 0.25, right: 0.25, top: 0.75, bottom: 0.75, header: 0.3, footer: 0.3 },
    ...(table.header.length > 0 ? { printTitlesRow: `${headerTop}:${headerBottom}` } : {}),
  };
  sheet.headerFooter = { oddFooter: `&C&"${FONT},Regular"&10Trang &P/&N` };
}

/** A line above the table (title, subtitle, unit note): merged over columns from..to. */
function banner(
  sheet: Worksheet,
  row: number,
  from: number,
  to: number,
  text: string,
  font: Partial<Font>,
  horizontal: 'center' | 'right',
  widthChars: number,
): void {
  if (to > from) sheet.mergeCells(row, from, row, to);
  const cell = sheet.getCell(row, from);
  cell.value = text;
  cell.style = { font, alignment: { horizontal, vertical: 'middle', wrapText: true } };
  sheet.getRow(row).height = rowHeight(lines(text, widthChars, font.size ?? BODY_SIZE), font.size ?? BODY_SIZE);
}

/** The unit note takes as many right-hand columns as its text needs, like the appendices' "Đơn vị tính". */
function unitNoteStart(widths: readonly number[], note: string): number {
  let from = Math.max(widths.length, 1);
  let room = widths[from - 1] ?? DEFAULT_WIDTH;
  while (from > 1 && room < note.length + 2) room += widths[--from - 1]!;
  return from;
}

function writeHeader(sheet: Worksheet, table: ReportTable, top: number, widths: readonly number[]): void {
  const width = table.columns.length;
  const style = (): Partial<Style> => ({
    font: { name: FONT, size: BODY_SIZE, bold: true },
    alignment: { horizontal: 'center', vertical: 'middle', wrapText: true },
    border: { ...THIN },
    fill: { ...HEADER_FILL },
  });
  const placed = placeHeader(table.header, width);
  for (const cell of placed) {
    if (cell.rowSpan > 1 || cell.colSpan > 1) {
      sheet.mergeCells(top + cell.row, cell.col + 1, top + cell.row + cell.rowSpan - 1, cell.col + cell.colSpan);
    }
    sheet.getCell(top + cell.row, cell.col + 1).value = cell.text;
  }
  // Every grid cell, covered ones included, carries borders and fill: Excel draws a merged
  // range's edges from the cells along them. Fresh objects, as merged cells share a style.
  for (let r = 0; r < table.header.length; r++) {
    for (let c = 0; c < width; c++) sheet.getCell(top + r, c + 1).style = style();
  }

  // Wrapped header text: rows tall enough for the longest single-row cell; a cell spanning rows
  // that still lacks room stretches its last row.
  const size = BODY_SIZE;
  const heights = table.header.map(() => rowHeight(1, size));
  for (const cell of placed.filter((p) => p.rowSpan === 1)) {
    const need = rowHeight(lines(cell.text, sum(widths.slice(cell.col, cell.col + cell.colSpan)), size), size);
    heights[cell.row] = Math.max(heights[cell.row]!, need);
  }
  for (const cell of placed.filter((p) => p.rowSpan > 1)) {
    const need = rowHeight(lines(cell.text, sum(widths.slice(cell.col, cell.col + cell.colSpan)), size), size);
    const have = sum(heights.slice(cell.row, cell.row + cell.rowSpan));
    if (need > have) heights[cell.row + cell.rowSpan - 1]! += need - have;
  }
  heights.forEach((h, r) => {
    sheet.getRow(top + r).height = h;
  });
}

function writeBodyRow(sheet: Worksheet, rowNumber: number, body: TableRow, columns: readonly ColumnSpec[], widths: readonly number[]): void {
  const bold = body.style === 'group' || body.style === 'total';
  let tallest = 1;
  body.cells.forEach((value, c) => {
    const column = columns[c]!;
    const cell = sheet.getCell(rowNumber, c + 1);
    const alignment: Partial<Alignment> =
      column.kind === 'label'
        ? { horizontal: 'left', vertical: 'middle', wrapText: true }
        : column.kind === 'text'
          ? { horizontal: 'center', vertical: 'middle', wrapText: true }
          : { horizontal: 'right', vertical: 'middle' };
    const style: Partial<Style> = { font: { name: FONT, size: BODY_SIZE, bold }, alignment, border: { ...THIN } };
    if (body.style === 'total') style.fill = { ...TOTAL_FILL };
    const numFmt = typeof value === 'number' ? numberFormat(column, value) : undefined;
    if (numFmt) style.numFmt = numFmt;
    cell.style = style;
    cell.value = xlsxValue(value, column);
    if (typeof value === 'string' && alignment.wrapText) tallest = Math.max(tallest, lines(value, widths[c]!, BODY_SIZE));
  });
  if (tallest > 1) sheet.getRow(rowNumber).height = rowHeight(tallest, BODY_SIZE);
}

function xlsxValue(value: CellValue, column: ColumnSpec): string | number | null {
  // Integer đồng shown in triệu: the format rounds for display, the cell keeps the exact amount.
  if (typeof value === 'number' && column.kind === 'trieu') return value / 1_000_000;
  return value;
}

function numberFormat(column: ColumnSpec, value: number): string | undefined {
  switch (column.kind) {
    case 'trieu':
      return NUMBER_FORMATS.trieu;
    case 'percent':
      return NUMBER_FORMATS.percent;
    // Counts are whole, except a period's yearly average (one decimal in the funding report).
    case 'count':
      return Number.isInteger(value) ? NUMBER_FORMATS.count : NUMBER_FORMATS.countFraction;
    case 'number':
      return Number.isInteger(value) ? NUMBER_FORMATS.number : NUMBER_FORMATS.numberFraction;
    default:
      return undefined;
  }
}

/**
 * Lines a wrapped text takes in a column of the given width. Excel does not grow rows for wrapped
 * text it did not lay out itself (and never for merged cells), so heights are estimated here.
 * Column width is in digits of the 11 pt default font; Times New Roman letters average narrower
 * (about 1.3 per digit at 11 pt, measured on LibreOffice's print), 1.2 leaves room for bold.
 */
function lines(text: string, widthChars: number, size: number): number {
  const perLine = Math.max(1, Math.floor(((widthChars - 1) * 1.2 * 11) / size));
  return text.split('\n').reduce((n, part) => n + Math.max(1, Math.ceil(part.length / perLine)), 0);
}

/** Points for that many lines; the extra room keeps Vietnamese stacked diacritics unclipped. */
function rowHeight(lineCount: number, size: number): number {
  return Math.ceil(lineCount * size * 1.3 + 4);
}

function sum(values: readonly number[]): number {
  return values.reduce((a, b) => a + b, 0);
}
