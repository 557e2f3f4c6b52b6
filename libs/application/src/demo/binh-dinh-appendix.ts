/**
 * The Bình Định 2014–2020 funding appendix (seed 003, "BÁO CÁO TÌNH HÌNH THỰC HIỆN KẾ HOẠCH KINH
 * PHÍ KHUYẾN CÔNG"), as printed: per activity sub-row, year and source, the number of đề án and the
 * amount in tenths of a triệu đồng (458,1 → 4581). The PDF extraction lost the column alignment;
 * each cell's year was recovered from the row order and the printed yearly totals of the content
 * areas (every area × year × source cell reconciles, see binh-dinh.int.spec.ts).
 *
 * Two facts of the printed table a reader must know:
 * - The yearly cells of area IV and of the "Tổng số" row leave out sub-row IV.8 (36 đề án, 50,0
 *   triệu), while their period totals include it: 284 + 36 = 320 đề án. The years of IV.8's four
 *   cells are not recoverable from the text; they are taken as 2017–2020 (an assumption).
 * - Cells are rounded to 0,1 triệu. Where the printed figures do not add up to the printed totals
 *   (area IV in 2016: 469,4 vs 469,5; sub-row IX.6: 570,9 vs 570,8), the amounts in đồng carry
 *   residues below 0,05 triệu (`residues`) so that every printed cell, area row and total is what
 *   our report prints.
 */

export type SourceCode = 'KCDP' | 'KCQG';
export const APPENDIX_YEARS = [2014, 2015, 2016, 2017, 2018, 2019, 2020] as const;

/** [activity, year, source, count, tenths of a triệu as printed] */
export type AppendixCell = readonly [activity: string, year: number, source: SourceCode, count: number, tenths: number];

export const APPENDIX_CELLS: readonly AppendixCell[] = [
  ['1.1', 2014, 'KCDP', 6, 4581],
  ['1.1', 2015, 'KCDP', 3, 2849],
  ['1.1', 2014, 'KCQG', 1, 2592],
  ['3.1', 2014, 'KCQG', 2, 4300],
  ['3.1', 2016, 'KCDP', 1, 3500],
  ['3.1', 2016, 'KCQG', 1, 3500],
  ['3.1', 2017, 'KCDP', 1, 4300],
  ['3.1', 2018, 'KCQG', 1, 5000],
  ['3.3', 2014, 'KCDP', 11, 5530],
  ['3.3', 2015, 'KCDP', 10, 10580],
  ['3.3', 2015, 'KCQG', 1, 1000],
  ['3.3', 2016, 'KCDP', 12, 11946],
  ['3.3', 2016, 'KCQG', 1, 2000],
  ['3.3', 2017, 'KCDP', 19, 19030],
  ['3.3', 2017, 'KCQG', 4, 8000],
  ['3.3', 2018, 'KCDP', 20, 20590],
  ['3.3', 2019, 'KCDP', 14, 17960],
  ['3.3', 2020, 'KCDP', 23, 22120],
  ['3.3', 2020, 'KCQG', 1, 2000],
  ['4.1', 2018, 'KCQG', 1, 9600],
  ['4.2', 2014, 'KCDP', 2, 580],
  ['4.2', 2015, 'KCDP', 7, 675],
  ['4.2', 2016, 'KCDP', 5, 2227],
  ['4.2', 2017, 'KCDP', 3, 290],
  ['4.2', 2018, 'KCDP', 5, 850],
  ['4.2', 2019, 'KCDP', 6, 250],
  ['4.2', 2020, 'KCDP', 12, 370],
  ['4.3', 2014, 'KCDP', 3, 480],
  ['4.3', 2015, 'KCDP', 2, 1175],
  ['4.3', 2016, 'KCDP', 2, 700],
  ['4.3', 2017, 'KCDP', 3, 600],
  ['4.3', 2018, 'KCDP', 5, 1750],
  ['4.3', 2019, 'KCDP', 9, 4345],
  ['4.3', 2020, 'KCDP', 9, 2250],
  ['4.4', 2014, 'KCDP', 1, 800],
  ['4.4', 2016, 'KCDP', 3, 860],
  ['4.4', 2018, 'KCDP', 1, 2799],
  ['4.4', 2020, 'KCDP', 2, 2800],
  ['4.5', 2015, 'KCDP', 1, 1464],
  ['4.5', 2017, 'KCDP', 1, 1525],
  ['4.6', 2016, 'KCDP', 1, 157],
  ['4.7', 2016, 'KCDP', 1, 750],
  ['4.7', 2017, 'KCDP', 1, 690],
  ['4.7', 2020, 'KCDP', 1, 400],
  ['4.8', 2017, 'KCDP', 8, 100],
  ['4.8', 2018, 'KCDP', 8, 100],
  ['4.8', 2019, 'KCDP', 10, 150],
  ['4.8', 2020, 'KCDP', 10, 150],
  ['5.1', 2019, 'KCDP', 1, 350],
  ['5.1', 2020, 'KCDP', 4, 1400],
  ['6.3', 2016, 'KCDP', 1, 400],
  ['6.3', 2017, 'KCDP', 1, 400],
  ['6.3', 2020, 'KCDP', 1, 700],
  ['6.4', 2014, 'KCDP', 2, 700],
  ['6.4', 2015, 'KCDP', 5, 250],
  ['6.4', 2016, 'KCDP', 6, 450],
  ['6.4', 2017, 'KCDP', 6, 450],
  ['6.4', 2018, 'KCDP', 6, 300],
  ['6.4', 2019, 'KCDP', 6, 300],
  ['6.4', 2020, 'KCDP', 4, 240],
  ['7.3', 2014, 'KCQG', 1, 3500],
  ['7.3', 2015, 'KCQG', 2, 4400],
  ['7.3', 2016, 'KCDP', 1, 580],
  ['7.3', 2016, 'KCQG', 1, 2400],
  ['7.3', 2017, 'KCQG', 1, 2200],
  ['7.3', 2019, 'KCQG', 1, 3000],
  ['7.4', 2014, 'KCDP', 1, 400],
  ['7.4', 2015, 'KCDP', 2, 2300],
  ['7.4', 2016, 'KCDP', 1, 2000],
  ['7.4', 2017, 'KCDP', 2, 1400],
  ['7.4', 2018, 'KCDP', 2, 2700],
  ['7.4', 2018, 'KCQG', 1, 30000],
  ['7.4', 2019, 'KCDP', 2, 2300],
  ['7.4', 2020, 'KCDP', 1, 1300],
  ['7.5', 2014, 'KCQG', 1, 13700],
  ['9.1', 2014, 'KCDP', 1, 93],
  ['9.1', 2018, 'KCDP', 1, 55],
  ['9.1', 2019, 'KCDP', 1, 250],
  ['9.1', 2020, 'KCDP', 1, 200],
  ['9.2', 2015, 'KCDP', 1, 600],
  ['9.2', 2016, 'KCDP', 1, 100],
  ['9.2', 2017, 'KCDP', 1, 617],
  ['9.3', 2014, 'KCDP', 1, 300],
  ['9.3', 2015, 'KCDP', 2, 1450],
  ['9.6', 2014, 'KCDP', 1, 432],
  ['9.6', 2015, 'KCDP', 1, 672],
  ['9.6', 2016, 'KCDP', 1, 810],
  ['9.6', 2017, 'KCDP', 2, 1015],
  ['9.6', 2018, 'KCDP', 2, 933],
  ['9.6', 2019, 'KCDP', 2, 727],
  ['9.6', 2020, 'KCDP', 2, 1120],
  ['9.7', 2016, 'KCDP', 1, 209],
  ['9.8', 2020, 'KCDP', 1, 560],
];

/** Đồng added to a cell's printed amount (see the header): [activity, year, source, đồng]. */
export const RESIDUES: readonly (readonly [string, number, SourceCode, number])[] = [
  ['4.4', 2016, 'KCDP', 40_000],
  ['4.6', 2016, 'KCDP', 40_000],
  ['4.2', 2014, 'KCDP', -40_000],
  ['9.6', 2017, 'KCDP', -40_000],
  ['9.6', 2020, 'KCDP', -40_000],
];

/** A cell's amount in đồng: the printed tenths of a triệu plus its residue. */
export function cellDong([activity, year, source, , tenths]: AppendixCell): number {
  const residue = RESIDUES.find(([a, y, s]) => a === activity && y === year && s === source)?.[3] ?? 0;
  return tenths * 100_000 + residue;
}

/** Printed per-year figures of a content-area row or the total row: year → [KCĐP count, tenths, KCQG count, tenths]. */
export type PrintedYears = Readonly<Record<number, readonly [number, number, number, number]>>;

export interface PrintedRow {
  readonly years: PrintedYears;
  /** Period total: [KCĐP count, tenths, KCQG count, tenths]. */
  readonly total: readonly [number, number, number, number];
  /** Period yearly average, printed rounded to whole numbers: [KCĐP count, triệu, KCQG count, triệu]; area V prints none. */
  readonly average?: readonly [number, number, number, number];
}

/** The content-area rows and the "Tổng số kinh phí" row as printed (empty areas II and VIII are all zero). */
export const PRINTED_AREAS: Readonly<Record<string, PrintedRow>> = {
  '1': { years: { 2014: [6, 4581, 1, 2592], 2015: [3, 2849, 0, 0] }, total: [9, 7430, 1, 2592], average: [1, 106, 0, 37] },
  '3': {
    years: {
      2014: [11, 5530, 2, 4300],
      2015: [10, 10580, 1, 1000],
      2016: [13, 15446, 2, 5500],
      2017: [20, 23330, 4, 8000],
      2018: [20, 20590, 1, 5000],
      2019: [14, 17960, 0, 0],
      2020: [23, 22120, 1, 2000],
    },
    total: [111, 115556, 11, 25800],
    average: [16, 1651, 2, 369],
  },
  '4': {
    years: {
      2014: [6, 1860, 0, 0],
      2015: [10, 3314, 0, 0],
      2016: [12, 4695, 0, 0],
      2017: [8, 3105, 0, 0],
      2018: [11, 5399, 1, 9600],
      2019: [15, 4595, 0, 0],
      2020: [24, 5820, 0, 0],
    },
    total: [122, 29287, 1, 9600],
    average: [17, 418, 0, 137],
  },
  '5': { years: { 2019: [1, 350, 0, 0], 2020: [4, 1400, 0, 0] }, total: [5, 1750, 0, 0] },
  '6': {
    years: {
      2014: [2, 700, 0, 0],
      2015: [5, 250, 0, 0],
      2016: [7, 850, 0, 0],
      2017: [7, 850, 0, 0],
      2018: [6, 300, 0, 0],
      2019: [6, 300, 0, 0],
      2020: [5, 940, 0, 0],
    },
    total: [38, 4190, 0, 0],
    average: [5, 60, 0, 0],
  },
  '7': {
    years: {
      2014: [1, 400, 2, 17200],
      2015: [2, 2300, 2, 4400],
      2016: [2, 2580, 1, 2400],
      2017: [2, 1400, 1, 2200],
      2018: [2, 2700, 1, 30000],
      2019: [2, 2300, 1, 3000],
      2020: [1, 1300, 0, 0],
    },
    total: [12, 12980, 8, 59200],
    average: [2, 185, 1, 846],
  },
  '9': {
    years: {
      2014: [3, 825, 0, 0],
      2015: [4, 2722, 0, 0],
      2016: [3, 1119, 0, 0],
      2017: [3, 1632, 0, 0],
      2018: [3, 988, 0, 0],
      2019: [3, 977, 0, 0],
      2020: [4, 1880, 0, 0],
    },
    total: [23, 10142, 0, 0],
    average: [3, 145, 0, 0],
  },
};

/** The "Tổng số kinh phí" row: its period total is printed in whole triệu (18.134 and 9.719). */
export const PRINTED_TOTAL: PrintedRow = {
  years: {
    2014: [29, 13896, 5, 24092],
    2015: [34, 22015, 3, 5400],
    2016: [37, 24690, 3, 7900],
    2017: [40, 30317, 5, 10200],
    2018: [42, 29977, 3, 44600],
    2019: [41, 26482, 1, 3000],
    2020: [61, 33460, 1, 2000],
  },
  total: [320, 181340, 21, 97190],
  average: [46, 2591, 3, 1388],
};

/** Areas whose printed yearly cells (and the total row's) leave out sub-row IV.8. */
export const YEARLY_CELLS_WITHOUT = '4.8';

/** The funding cells of an activity in the order the results appendix prints its values: by year, KCĐP before KCQG. */
export const cellsOfActivity = (activity: string): readonly AppendixCell[] =>
  APPENDIX_CELLS.filter((c) => c[0] === activity).sort((a, b) => a[1] - b[1] || (a[2] === b[2] ? 0 : a[2] === 'KCDP' ? -1 : 1));

/** A row of the results appendix: its indicator (the catalogue's code, or the seed's words for one outside it). */
export interface ResultsAppendixRow {
  /** The row's number in the printed table. */
  readonly row: string;
  readonly activity: string;
  readonly indicator: { readonly code: string } | { readonly name: string; readonly unit: string };
  /** The printed yearly values, one per funding cell of the activity (cellsOfActivity's order). */
  readonly values: readonly number[];
  /** The printed period totals. */
  readonly total: Readonly<Record<SourceCode, number>>;
}

/**
 * The results appendix (seed 003, "BÁO CÁO KẾT QUẢ THỰC HIỆN KẾ HOẠCH KHUYẾN CÔNG, giai đoạn 2014 - 2020")
 * as printed: the rows whose yearly values line up one-to-one with their activity's funding cells (the
 * extraction lost the columns; the funding cells give each value its year and source, and every row's values
 * add up to its printed totals, see binh-dinh.int.spec.ts). Rows that do not line up are not placed, and the
 * demo's results for their activities stay synthetic: IV.4's establishments (seven values for six funded
 * years), VI (three information cells, four values), VII and IX.1/IX.5 (values of both sources in one run).
 */
export const RESULTS_APPENDIX: readonly ResultsAppendixRow[] = [
  { row: 'I.1', activity: '1.1', indicator: { code: '1.lao-dong-dao-tao' }, values: [330, 240, 137], total: { KCDP: 467, KCQG: 240 } },
  { row: 'I.1 (việc làm)', activity: '1.1', indicator: { code: '1.co-viec-lam' }, values: [330, 240, 137], total: { KCDP: 467, KCQG: 240 } },
  { row: 'III.1', activity: '3.1', indicator: { code: '3.mo-hinh' }, values: [2, 1, 1, 1, 1], total: { KCDP: 2, KCQG: 4 } },
  {
    row: 'III.3',
    activity: '3.3',
    indicator: { code: '3.may-moc' },
    values: [11, 10, 1, 14, 1, 19, 4, 20, 14, 23, 1],
    total: { KCDP: 111, KCQG: 7 },
  },
  { row: 'IV.1', activity: '4.6', indicator: { code: '4.hoi-cho' }, values: [1], total: { KCDP: 1, KCQG: 0 } },
  { row: 'IV.1 (gian hàng)', activity: '4.6', indicator: { code: '4.gian-hang' }, values: [200], total: { KCDP: 200, KCQG: 0 } },
  { row: 'IV.2', activity: '4.2', indicator: { code: '4.luot-co-so-hoi-cho' }, values: [1, 13, 9, 9, 4, 6, 12], total: { KCDP: 54, KCQG: 0 } },
  { row: 'IV.3', activity: '4.3', indicator: { code: '4.nhan-hieu' }, values: [4, 2, 2, 5, 6, 8, 9], total: { KCDP: 36, KCQG: 0 } },
  { row: 'IV.4 (sản phẩm)', activity: '4.4', indicator: { code: '4.san-pham-du-thi' }, values: [61, 115, 116, 40], total: { KCDP: 332, KCQG: 0 } },
  { row: 'IV.5', activity: '4.7', indicator: { code: '4.phong-trung-bay' }, values: [1, 1, 1], total: { KCDP: 3, KCQG: 0 } },
  {
    row: 'IV.6',
    activity: '4.8',
    indicator: { name: 'Cơ sở CNNT tiêu biểu được thăm nhân ngày Doanh nhân Việt Nam', unit: 'Cơ sở' },
    values: [8, 8, 10, 10],
    total: { KCDP: 36, KCQG: 0 },
  },
  { row: 'V.1', activity: '5.1', indicator: { code: '5.co-so-tu-van' }, values: [1, 4], total: { KCDP: 5, KCQG: 0 } },
  { row: 'IX.2', activity: '9.2', indicator: { code: '2.doan-khao-sat' }, values: [1, 1, 1], total: { KCDP: 3, KCQG: 0 } },
  {
    row: 'IX.2 (lượt người)',
    activity: '9.2',
    indicator: { name: 'Cán bộ được tham quan khảo sát học tập kinh nghiệm trong nước', unit: 'Lượt người' },
    values: [10, 5, 12],
    total: { KCDP: 27, KCQG: 0 },
  },
  {
    row: 'IX.3',
    activity: '9.3',
    indicator: { name: 'Đề án đầu tư cơ sở vật chất, phương tiện làm việc cho Trung tâm Khuyến công', unit: 'Đề án' },
    values: [1, 2],
    total: { KCDP: 3, KCQG: 0 },
  },
];
