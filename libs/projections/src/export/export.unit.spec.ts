import { describe, expect, it, beforeAll } from '@jest/globals';
import { Workbook } from 'exceljs';
import type { Worksheet } from 'exceljs';
import { formatPercent, formatTrieu, renderCsv, renderXlsx } from './index';
import type { ColumnSpec, HeaderCell, ReportTable } from './index';

/** Shaped like the Bình Định funding appendix: per year KCĐP/KCQG × (Số đề án, Số kinh phí), then the period. */
const blocks = ['Năm 2014', 'Năm 2015', 'Tổng giai đoạn 2014 - 2015'];
const header: HeaderCell[][] = [
  [{ text: 'TT', rowSpan: 3 }, { text: 'Nội dung', rowSpan: 3 }, ...blocks.map((text) => ({ text, colSpan: 4 }))],
  blocks.flatMap(() => [
    { text: 'KCĐP', colSpan: 2 },
    { text: 'KCQG', colSpan: 2 },
  ]),
  blocks.flatMap(() => [{ text: 'Số đề án' }, { text: 'Số kinh phí' }, { text: 'Số đề án' }, { text: 'Số kinh phí' }]),
];
const columns: ColumnSpec[] = [
  { kind: 'text', width: 5 },
  { kind: 'label', width: 40 },
  ...blocks.flatMap((): ColumnSpec[] => [
    { kind: 'count', width: 7 },
    { kind: 'trieu', width: 10 },
    { kind: 'count', width: 7 },
    { kind: 'trieu', width: 10 },
  ]),
];
const funding: ReportTable = {
  sheetName: 'Kinh phí',
  title: 'BÁO CÁO TÌNH HÌNH THỰC HIỆN KẾ HOẠCH KINH PHÍ KHUYẾN CÔNG',
  subtitles: ['(Kèm theo Báo cáo số 35/BC-SCT của Sở Công Thương tỉnh Bình Định)', 'Giai đoạn 2014 - 2015'],
  unitNote: 'Đơn vị tính: triệu đồng',
  header,
  columns,
  rows: [
    {
      cells: [
        'I',
        'Hỗ trợ ứng dụng máy móc tiên tiến, chuyển giao công nghệ',
        3,
        1_389_600_000,
        1,
        18_133_650_000,
        2,
        99_999,
        null,
        null,
        5,
        1_389_699_999,
        1,
        18_133_650_000,
      ],
      style: 'group',
    },
    { cells: ['1', 'Máy móc thiết bị "tiên tiến"', 2, 1_000_000_000, 1, 18_133_650_000, 1, 49_999, null, null, 3, 1_000_049_999, 1, 18_133_650_000] },
    { cells: ['2', 'Chuyển giao công nghệ', 1, 389_600_000, null, null, 1, 50_000, null, null, 2, 389_650_000, null, null] },
    {
      cells: ['', 'Tổng số kinh phí', 3, 1_389_600_000, 1, 18_133_650_000, 2, 99_999, null, null, 5, 1_389_699_999, 1, 18_133_650_000],
      style: 'total',
    },
  ],
};

/** A second, smaller sheet with a percent column (like the by-region report). */
const shares: ReportTable = {
  sheetName: 'Theo vùng',
  title: 'KINH PHÍ KHUYẾN CÔNG THEO VÙNG',
  subtitles: [],
  header: [[{ text: 'TT' }, { text: 'Vùng' }, { text: 'Kinh phí' }, { text: 'Tỷ lệ (%)' }]],
  columns: [
    { kind: 'text', width: 5 },
    { kind: 'label', width: 30 },
    { kind: 'trieu', width: 12 },
    { kind: 'percent', width: 10 },
  ],
  rows: [{ cells: ['1', 'Duyên hải Nam Trung Bộ', 1_389_600_000, 0.875] }],
};

describe('formatTrieu', () => {
  it.each([
    [0, '0.0'],
    [49_999, '0.0'],
    [50_000, '0.1'],
    [149_999, '0.1'],
    [150_000, '0.2'],
    [1_389_600_000, '1389.6'],
    [18_133_650_000, '18133.7'],
    [18_133_649_999, '18133.6'],
    [-49_999, '0.0'],
    [-50_000, '-0.1'],
    [-18_133_650_000, '-18133.7'],
    [Number.MAX_SAFE_INTEGER, '9007199254.7'],
  ])('%d đồng → %s triệu', (dong, text) => {
    expect(formatTrieu(dong)).toBe(text);
  });

  it('refuses anything but integer đồng', () => {
    expect(() => formatTrieu(1.5)).toThrow(RangeError);
    expect(() => formatTrieu(Number.NaN)).toThrow(RangeError);
  });
});

describe('formatPercent', () => {
  it.each([
    [0.875, '87.5'],
    [0.8745, '87.5'],
    [0.12344, '12.3'],
    [1, '100.0'],
    [0, '0.0'],
    [-0.0004, '0.0'],
    [-0.0005, '-0.1'],
  ])('%d → %s', (ratio, text) => {
    expect(formatPercent(ratio)).toBe(text);
  });
});

describe('renderCsv', () => {
  it('writes the appendix as RFC 4180 CSV with a BOM, triệu with one decimal', () => {
    const pad = ','.repeat(13);
    const spec = ',Số đề án,Số kinh phí,Số đề án,Số kinh phí';
    const expected =
      '\uFEFF' +
      [
        `BÁO CÁO TÌNH HÌNH THỰC HIỆN KẾ HOẠCH KINH PHÍ KHUYẾN CÔNG${pad}`,
        `(Kèm theo Báo cáo số 35/BC-SCT của Sở Công Thương tỉnh Bình Định)${pad}`,
        `Giai đoạn 2014 - 2015${pad}`,
        `Đơn vị tính: triệu đồng${pad}`,
        'TT,Nội dung,Năm 2014,,,,Năm 2015,,,,Tổng giai đoạn 2014 - 2015,,,',
        ',,KCĐP,,KCQG,,KCĐP,,KCQG,,KCĐP,,KCQG,',
        `,${spec}${spec}${spec}`,
        'I,"Hỗ trợ ứng dụng máy móc tiên tiến, chuyển giao công nghệ",3,1389.6,1,18133.7,2,0.1,,,5,1389.7,1,18133.7',
        '1,"Máy móc thiết bị ""tiên tiến""",2,1000.0,1,18133.7,1,0.0,,,3,1000.0,1,18133.7',
        '2,Chuyển giao công nghệ,1,389.6,,,1,0.1,,,2,389.7,,',
        ',Tổng số kinh phí,3,1389.6,1,18133.7,2,0.1,,,5,1389.7,1,18133.7',
      ]
        .map((line) => `${line}\r\n`)
        .join('');
    expect(renderCsv(funding)).toBe(expected);
  });

  it('quotes newlines, writes percentages, and keeps typed text from running as a formula', () => {
    const csv = renderCsv({
      ...shares,
      title: 'Dòng 1\nDòng 2',
      rows: [{ cells: ['1', '=HYPERLINK("x")', 1_389_600_000, 0.875] }, { cells: ['2', '-', null, null] }],
    });
    expect(csv.split('\r\n')).toEqual(['\uFEFF"Dòng 1\nDòng 2",,,', 'TT,Vùng,Kinh phí,Tỷ lệ (%)', `1,"'=HYPERLINK(""x"")",1389.6,87.5`, '2,-,,', '']);
  });

  it('keeps a formula from running after a list separator, leading spaces or in full-width form', () => {
    const csv = renderCsv({
      ...shares,
      rows: ['x;=1+1', ' =1+1', '\u3000=1+1', '\uff1d1+1', '\uff0bA1', '@SUM(A1)', '\t=1', 'a\t=1'].map((text, i) => ({
        cells: [String(i), text, null, null],
      })),
    });
    expect(csv.split('\r\n').slice(2, 10)).toEqual([
      '0,"x;=1+1",,',
      `1,' =1+1,,`,
      `2,'\u3000=1+1,,`,
      `3,'\uff1d1+1,,`,
      `4,'\uff0bA1,,`,
      `5,'@SUM(A1),,`,
      `6,"'\t=1",,`,
      '7,"a\t=1",,',
    ]);
  });

  it('rejects a row that does not match the columns, or money that is not integer đồng', () => {
    expect(() => renderCsv({ ...shares, rows: [{ cells: ['1', 'x', 1] }] })).toThrow(/3 cells for 4 columns/);
    expect(() => renderCsv({ ...shares, rows: [{ cells: ['1', 'x', 1.5, null] }] })).toThrow(/integer đồng/);
    expect(() => renderCsv({ ...shares, header: [[{ text: 'TT', colSpan: 5 }]] })).toThrow(/spans past/);
  });
});

describe('renderXlsx', () => {
  let book: Workbook;
  let sheet: Worksheet;

  beforeAll(async () => {
    const buffer = await renderXlsx([funding, shares, shares]);
    book = new Workbook();
    await book.xlsx.load(buffer as unknown as ArrayBuffer);
    sheet = book.getWorksheet('Kinh phí')!;
  });

  it('has one sheet per table, a repeated name made unique', () => {
    expect(book.worksheets.map((s) => s.name)).toEqual(['Kinh phí', 'Theo vùng', 'Theo vùng (2)']);
  });

  it('merges the title lines, the unit note and the header as the appendix does', () => {
    expect([...sheet.model.merges].sort()).toEqual(
      [
        'A1:N1',
        'A2:N2',
        'A3:N3',
        'L4:N4', // title, subtitles, unit note over the last columns
        'A5:A7',
        'B5:B7',
        'C5:F5',
        'G5:J5',
        'K5:N5', // TT, Nội dung, the years and the period
        'C6:D6',
        'E6:F6',
        'G6:H6',
        'I6:J6',
        'K6:L6',
        'M6:N6', // KCĐP / KCQG
      ].sort(),
    );
    const title = sheet.getCell('A1');
    expect(title.value).toBe(funding.title);
    expect(title.font).toMatchObject({ name: 'Times New Roman', size: 13, bold: true });
    expect(title.alignment).toMatchObject({ horizontal: 'center' });
    expect(sheet.getCell('A2').font).toMatchObject({ italic: true });
    expect(sheet.getCell('L4').value).toBe('Đơn vị tính: triệu đồng');
    expect(sheet.getCell('L4').alignment).toMatchObject({ horizontal: 'right' });
    expect(sheet.getCell('N1').isMerged).toBe(true);
    expect(sheet.getCell('N1').master.address).toBe('A1');
  });

  it('writes a bold, centred, boxed, grey header with Vietnamese text intact', () => {
    expect(sheet.getCell('G5').value).toBe('Năm 2015');
    expect(sheet.getCell('I6').value).toBe('KCQG');
    expect(sheet.getCell('C6').value).toBe('KCĐP');
    expect(sheet.getCell('D7').value).toBe('Số kinh phí');
    const covered = sheet.getCell('B7'); // inside the "Nội dung" merge: borders drawn there too
    expect(covered.master.address).toBe('B5');
    expect(covered.border).toMatchObject({ left: { style: 'thin' }, bottom: { style: 'thin' } });
    const cell = sheet.getCell('C5');
    expect(cell.font).toMatchObject({ bold: true });
    expect(cell.alignment).toMatchObject({ horizontal: 'center', vertical: 'middle', wrapText: true });
    expect(cell.fill).toMatchObject({ type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFD9D9D9' } });
  });

  it('keeps money numeric in triệu with a one-decimal format, counts whole', () => {
    const amount = sheet.getCell('F9'); // sub-row 1, 2014 KCQG, Số kinh phí
    expect(amount.value).toBeCloseTo(18_133.65, 10);
    expect(amount.numFmt).toBe('#,##0.0');
    expect(amount.border).toMatchObject({ top: { style: 'thin' }, right: { style: 'thin' } });
    expect(sheet.getCell('C9').value).toBe(2);
    expect(sheet.getCell('C9').numFmt).toBe('#,##0');
    expect(sheet.getCell('I9').value).toBeNull();
    expect(sheet.getCell('B9').value).toBe('Máy móc thiết bị "tiên tiến"');
    expect(sheet.getCell('B9').alignment).toMatchObject({ wrapText: true });
    const share = book.getWorksheet('Theo vùng')!.getCell('D3');
    expect(share.value).toBe(0.875);
    expect(share.numFmt).toBe('0.0%');
  });

  it('sets group rows bold and the total row bold on a light fill', () => {
    expect(sheet.getCell('B8').value).toBe('Hỗ trợ ứng dụng máy móc tiên tiến, chuyển giao công nghệ');
    expect(sheet.getCell('B8').font).toMatchObject({ bold: true });
    expect(sheet.getCell('B9').font?.bold).toBeFalsy();
    expect(sheet.getCell('N11').font).toMatchObject({ bold: true });
    expect(sheet.getCell('N11').fill).toMatchObject({ fgColor: { argb: 'FFF2F2F2' } });
  });

  it('is print-ready: A4 landscape, one page wide, header rows repeated, panes frozen', () => {
    expect(sheet.pageSetup).toMatchObject({
      paperSize: 9,
      orientation: 'landscape',
      fitToPage: true,
      fitToWidth: 1,
      fitToHeight: 0,
      printTitlesRow: '5:7',
    });
    expect(sheet.pageSetup.margins).toMatchObject({ left: 0.25, right: 0.25 });
    expect(sheet.views[0]).toMatchObject({ state: 'frozen', xSplit: 2, ySplit: 7, topLeftCell: 'C8' });
    expect(sheet.getColumn(2).width).toBe(40);
    expect(sheet.getColumn(4).width).toBe(10);
  });
});
