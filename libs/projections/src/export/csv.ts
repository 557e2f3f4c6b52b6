/**
 * CSV export of a ReportTable (RFC 4180). Numbers are machine-readable ('.' decimals, no grouping);
 * the layout follows the printed appendix so a person opening it in Excel sees the same table.
 * Also home of the layout helpers the XLSX renderer shares, so both exports read a table alike.
 */
import type { CellValue, ColumnKind, HeaderCell, ReportTable } from './report-table';

/** Excel guesses the code page of a BOM-less CSV and garbles Vietnamese; the BOM makes it read UTF-8. */
const BOM = '\uFEFF';
const CRLF = '\r\n';

/** A header cell at its place in the header grid (0-based row and column). */
export interface PlacedHeaderCell {
  readonly text: string;
  readonly row: number;
  readonly col: number;
  readonly rowSpan: number;
  readonly colSpan: number;
}

/**
 * Places header cells on the grid: each row's cells fill, left to right, the columns that no
 * rowSpan from a row above already covers (as in an HTML table). Throws on a span that leaves
 * the table or overlaps another, so a mis-built header fails loudly instead of shifting columns.
 */
export function placeHeader(header: readonly (readonly HeaderCell[])[], width: number): PlacedHeaderCell[] {
  const covered = header.map(() => new Array<boolean>(width).fill(false));
  const placed: PlacedHeaderCell[] = [];
  header.forEach((cells, row) => {
    let col = 0;
    for (const cell of cells) {
      while (col < width && covered[row]![col]) col++;
      const rowSpan = cell.rowSpan ?? 1;
      const colSpan = cell.colSpan ?? 1;
      if (!Number.isInteger(rowSpan) || !Number.isInteger(colSpan) || rowSpan < 1 || colSpan < 1) {
        throw new RangeError(`Header cell "${cell.text}" has an invalid span (${rowSpan}×${colSpan})`);
      }
      if (col + colSpan > width || row + rowSpan > header.length) {
        throw new RangeError(`Header cell "${cell.text}" (row ${row + 1}) spans past the table's ${width} columns × ${header.length} header rows`);
      }
      for (let r = row; r < row + rowSpan; r++) {
        for (let c = col; c < col + colSpan; c++) {
          if (covered[r]![c]) throw new RangeError(`Header cell "${cell.text}" (row ${row + 1}) overlaps another header cell`);
          covered[r]![c] = true;
        }
      }
      placed.push({ text: cell.text, row, col, rowSpan, colSpan });
      col += colSpan;
    }
  });
  return placed;
}

/** Checks what both renderers rely on: one value per column, money as integer đồng, finite numbers. */
export function checkTable(table: ReportTable): void {
  const width = table.columns.length;
  placeHeader(table.header, width);
  table.rows.forEach((row, i) => {
    if (row.cells.length !== width) {
      throw new RangeError(`${table.sheetName}: body row ${i + 1} has ${row.cells.length} cells for ${width} columns`);
    }
    row.cells.forEach((value, c) => {
      if (typeof value !== 'number') return;
      if (!Number.isFinite(value)) throw new RangeError(`${table.sheetName}: row ${i + 1}, column ${c + 1} is ${value}`);
      if (table.columns[c]!.kind === 'trieu' && !Number.isSafeInteger(value)) {
        throw new RangeError(`${table.sheetName}: row ${i + 1}, column ${c + 1} must hold integer đồng, got ${value}`);
      }
    });
  });
}

/**
 * Integer đồng → triệu đồng with one decimal, e.g. 18_133_650_000 → "18133.7". Exact integer
 * arithmetic: round half up at 50,000 đồng (negatives symmetric), so no float can misround.
 */
export function formatTrieu(dong: number): string {
  if (!Number.isSafeInteger(dong)) throw new RangeError(`Expected integer đồng, got ${dong}`);
  const abs = Math.abs(dong);
  const rest = abs % 100_000;
  const tenths = (abs - rest) / 100_000 + (rest >= 50_000 ? 1 : 0);
  const sign = dong < 0 && tenths > 0 ? '-' : '';
  return `${sign}${(tenths - (tenths % 10)) / 10}.${tenths % 10}`;
}

/**
 * A ratio as a percentage with one decimal, e.g. 0.875 → "87.5". Ratios are floats already;
 * rounding to 15 significant digits first drops binary noise (0.8745 × 1000 = 874.4999…) so
 * half-up applies to the decimal value the report computed.
 */
export function formatPercent(ratio: number): string {
  const thousandths = Math.round(Number((Math.abs(ratio) * 1000).toPrecision(15)));
  const sign = ratio < 0 && thousandths > 0 ? '-' : '';
  return `${sign}${(thousandths - (thousandths % 10)) / 10}.${thousandths % 10}`;
}

export function renderCsv(table: ReportTable): string {
  checkTable(table);
  // Every record gets as many fields as the table has columns (RFC 4180 §2.4), so parsers that
  // take the first line's width (pandas, LibreOffice) keep the body's columns.
  const width = Math.max(table.columns.length, 1);
  const records: string[][] = [];
  const line = (text: string): string[] => [text, ...new Array<string>(width - 1).fill('')];

  records.push(line(table.title));
  for (const subtitle of table.subtitles) records.push(line(subtitle));
  if (table.unitNote !== undefined) records.push(line(table.unitNote));

  // A merged header cell's text sits in its first column; the columns it covers stay empty.
  const header = table.header.map(() => new Array<string>(width).fill(''));
  for (const cell of placeHeader(table.header, table.columns.length)) header[cell.row]![cell.col] = cell.text;
  records.push(...header);

  for (const row of table.rows) records.push(row.cells.map((value, c) => csvValue(value, table.columns[c]!.kind)));

  return BOM + records.map((fields) => fields.map(quote).join(',') + CRLF).join('');
}

function csvValue(value: CellValue, kind: ColumnKind): string {
  if (value === null) return '';
  if (typeof value === 'string') return guardFormula(value);
  switch (kind) {
    case 'trieu':
      return formatTrieu(value);
    case 'percent':
      return formatPercent(value);
    default:
      return String(value);
  }
}

/**
 * Excel runs a CSV field starting with = + - @ as a formula (CSV injection; labels can be typed by
 * users, e.g. plan target names), also after leading spaces and in their full-width forms (＝＋－＠,
 * which it folds), so such text gets a leading apostrophe. A lone "-" (the appendices' "no value"
 * mark) is left alone: Excel shows it as text. A field holding a list separator (Vietnamese Excel
 * splits on ";") is quoted, so no part of it starts a cell of its own: `x;=1+1` stays one cell.
 */
function guardFormula(text: string): string {
  return /^[\s\u3000]*[=+\-@\uff1d\uff0b\uff0d\uff20\t\r]/.test(text) && text.trim() !== '-' ? `'${text}` : text;
}

function quote(field: string): string {
  return /[",;\t\r\n]/.test(field) ? `"${field.replace(/"/g, '""')}"` : field;
}
