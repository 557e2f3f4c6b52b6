/**
 * A report laid out as a printed table (the seed appendices): title lines, header rows with merged
 * cells, then body rows. Every report builds one; CSV and XLSX are rendered from it, so the two
 * exports and the JSON never disagree.
 */

/** How a leaf column's values are shown. `trieu` values are integer đồng shown in triệu đồng with one decimal. */
export type ColumnKind = 'label' | 'text' | 'count' | 'trieu' | 'number' | 'percent';

export interface ColumnSpec {
  readonly kind: ColumnKind;
  /** Width in characters (XLSX). */
  readonly width?: number;
}

export interface HeaderCell {
  readonly text: string;
  readonly colSpan?: number;
  readonly rowSpan?: number;
}

export type CellValue = string | number | null;

export interface TableRow {
  /** One value per leaf column; `trieu` columns hold integer đồng, `percent` columns a ratio (0.5 = 50 %). */
  readonly cells: readonly CellValue[];
  /** `group`: a content-area row (bold); `total`: the totals row (bold, top border). */
  readonly style?: 'normal' | 'group' | 'total';
}

export interface ReportTable {
  /** Sheet name (≤ 31 characters, no []:*?/\). */
  readonly sheetName: string;
  /** e.g. "BÁO CÁO TÌNH HÌNH THỰC HIỆN KẾ HOẠCH KINH PHÍ KHUYẾN CÔNG" */
  readonly title: string;
  /** Lines under the title, e.g. "(Giai đoạn 2014 - 2020)", "Số liệu tính đến 31/12/2016". */
  readonly subtitles: readonly string[];
  /** e.g. "Đơn vị tính: triệu đồng" (right-aligned above the table). */
  readonly unitNote?: string;
  /** Header rows; merged cells via colSpan/rowSpan (a cell covered by a span is not listed). */
  readonly header: readonly (readonly HeaderCell[])[];
  readonly columns: readonly ColumnSpec[];
  readonly rows: readonly TableRow[];
  /** The figure the portal draws beside the table (the exports ignore it). */
  readonly chart?: ChartSpec;
}

/** Bars of some rows of the table: drawn from its own cells, so chart and table cannot disagree. */
export interface ChartSpec {
  /** The column naming each bar. */
  readonly label: number;
  /** The columns drawn, stacked, named as the header names them. */
  readonly series: readonly { readonly name: string; readonly column: number }[];
  /** Indexes of the rows drawn (e.g. the content areas, not their activities nor the total). */
  readonly rows: readonly number[];
}

/** The indexes of the rows that pass `keep`. */
export const rowsWhere = (rows: readonly TableRow[], keep: (row: TableRow) => boolean) => rows.flatMap((row, i) => (keep(row) ? [i] : []));
