/**
 * Provinces, the six economic regions, and the 2025 merger, as versioned data.
 *
 * Reports group đề án by region and province. Events keep the province code they were recorded
 * with (the historic GSO code, e.g. '52' = Bình Định); this table says which unit that code
 * belongs to under either scheme, so a report can group by the units of 2004–2025 or of 2025 on.
 *
 * - Scheme '2004': the 63 provinces with the 2-digit codes of QĐ 124/2004/QĐ-TTg. The list is the
 *   one that stood from 1/8/2008 (NQ 15/2008/QH12 merged Hà Tây, code 28, into Hà Nội) to 30/6/2025;
 *   Hà Tây is left out: khuyến công records start with NĐ 45/2012, after it was gone, so '28' is
 *   an unknown code here. Thừa Thiên Huế became Thành phố Huế on 1/1/2025 (NQ 1314/NQ-UBTVQH15)
 *   with the same code; it keeps the name the seed uses.
 * - Scheme '2025': the 34 provincial units of NQ 202/2025/QH15 (in force 12/6/2025; the new
 *   provincial governments work from 1/7/2025), with the codes of QĐ 19/2025/QĐ-TTg (in force
 *   1/7/2025). Those codes reuse an old code: each new unit carries the old code of the province
 *   that hosts its political–administrative centre (Gia Lai = 52, seat at Quy Nhơn, ex-Bình Định;
 *   Lào Cai = 15, seat in ex-Yên Bái; Tây Ninh = 80, seat at Tân An, ex-Long An …). The codes were
 *   cross-checked against two independent public transcriptions of QĐ 19/2025, not against the
 *   signed text itself.
 *
 * Because the new codes reuse old ones, a bare code is ambiguous ('52' is Bình Định in 2004 and
 * Gia Lai in 2025). Every lookup here reads a bare code as a 2004 code unless told otherwise: that
 * is what events carry. Reading a 2025 code as a 2004 code is harmless for the 2004 → 2025 mapping:
 * every new code is the code of one of its own predecessors, so it maps onto itself.
 *
 * The 2004 → 2025 mapping is many → one. The reverse is not a function (Gia Lai 2025 ← Gia Lai +
 * Bình Định): a unit's predecessors are its `mergedFrom`; nothing maps a 2025 code back to a
 * single old province.
 *
 * Unknown codes: lookups return `undefined` (a report files such a code under "không xác định";
 * the events hold free-text province codes). `requireProvince` throws the lib's
 * RuleViolationError for a decider that must reject one.
 */
import { IsoDate } from '../shared/dates';
import { InvalidCommandError, RuleViolationError } from '../shared/errors';
import { RuleTable, ruleTable, versionInForce } from './rule-table';

/**
 * The six economic regions, in the order and with the provinces of the Ministry report on
 * khuyến công 2014–2020 (seed 001, section on funding by region, items a–e).
 */
export const REGION_IDS = ['dbsh', 'tdmnpb', 'btb-dhmt', 'tay-nguyen', 'dong-nam-bo', 'dbscl'] as const;
export type RegionId = (typeof REGION_IDS)[number];

/** Region id → Vietnamese label, in the seed's order (a, b, c, d, đ, e). */
export const REGIONS: Readonly<Record<RegionId, string>> = {
  dbsh: 'Đồng bằng sông Hồng',
  tdmnpb: 'Trung du miền núi phía Bắc',
  'btb-dhmt': 'Bắc Trung bộ và duyên hải miền Trung',
  'tay-nguyen': 'Tây Nguyên',
  'dong-nam-bo': 'Đông Nam Bộ',
  dbscl: 'Đồng bằng sông Cửu Long',
};

export type ProvinceScheme = '2004' | '2025';

export interface Province2004 {
  readonly scheme: '2004';
  readonly code: string;
  readonly name: string;
  readonly region: RegionId;
}

export interface Province2025 {
  readonly scheme: '2025';
  readonly code: string;
  readonly name: string;
  /** Derived, see PROVINCES_2025: not fixed by NQ 202/2025 or by the seed. */
  readonly region: RegionId;
  /** The 2004 codes of the provinces merged into this unit (one code where nothing merged). */
  readonly mergedFrom: readonly string[];
}

export type ProvinceUnit = Province2004 | Province2025;

const old = (code: string, name: string, region: RegionId): Province2004 => ({ scheme: '2004', code, name, region });

/**
 * The 63 provinces of 2004–2025, grouped as the seed groups them. The seed's lists total
 * 11 + 14 + 13 + 5 + 7 + 13 = 63 with no province missing or repeated. Note two placements that
 * differ from other groupings and are kept as the seed has them: Bình Thuận is in Đông Nam Bộ
 * (item đ) while Ninh Thuận is in Bắc Trung bộ và duyên hải miền Trung (item c). Names use
 * the official spelling where the seed's differs (seed "Đăk Lăk", "Đăk Nông" → Đắk Lắk, Đắk Nông).
 */
const PROVINCE_LIST_2004: readonly Province2004[] = [
  // a) Đồng bằng sông Hồng: 11
  old('01', 'Hà Nội', 'dbsh'),
  old('31', 'Hải Phòng', 'dbsh'),
  old('26', 'Vĩnh Phúc', 'dbsh'),
  old('27', 'Bắc Ninh', 'dbsh'),
  old('30', 'Hải Dương', 'dbsh'),
  old('33', 'Hưng Yên', 'dbsh'),
  old('35', 'Hà Nam', 'dbsh'),
  old('36', 'Nam Định', 'dbsh'),
  old('34', 'Thái Bình', 'dbsh'),
  old('37', 'Ninh Bình', 'dbsh'),
  old('22', 'Quảng Ninh', 'dbsh'),
  // b) Trung du miền núi phía Bắc: 14
  old('02', 'Hà Giang', 'tdmnpb'),
  old('04', 'Cao Bằng', 'tdmnpb'),
  old('10', 'Lào Cai', 'tdmnpb'),
  old('06', 'Bắc Kạn', 'tdmnpb'),
  old('20', 'Lạng Sơn', 'tdmnpb'),
  old('08', 'Tuyên Quang', 'tdmnpb'),
  old('15', 'Yên Bái', 'tdmnpb'),
  old('19', 'Thái Nguyên', 'tdmnpb'),
  old('25', 'Phú Thọ', 'tdmnpb'),
  old('24', 'Bắc Giang', 'tdmnpb'),
  old('11', 'Điện Biên', 'tdmnpb'),
  old('12', 'Lai Châu', 'tdmnpb'),
  old('14', 'Sơn La', 'tdmnpb'),
  old('17', 'Hòa Bình', 'tdmnpb'),
  // c) Bắc Trung bộ và duyên hải miền Trung: 13 (the seed lists 13 names under "13 tỉnh")
  old('38', 'Thanh Hóa', 'btb-dhmt'),
  old('40', 'Nghệ An', 'btb-dhmt'),
  old('42', 'Hà Tĩnh', 'btb-dhmt'),
  old('44', 'Quảng Bình', 'btb-dhmt'),
  old('45', 'Quảng Trị', 'btb-dhmt'),
  old('46', 'Thừa Thiên Huế', 'btb-dhmt'),
  old('48', 'Đà Nẵng', 'btb-dhmt'),
  old('49', 'Quảng Nam', 'btb-dhmt'),
  old('51', 'Quảng Ngãi', 'btb-dhmt'),
  old('52', 'Bình Định', 'btb-dhmt'),
  old('54', 'Phú Yên', 'btb-dhmt'),
  old('56', 'Khánh Hòa', 'btb-dhmt'),
  old('58', 'Ninh Thuận', 'btb-dhmt'),
  // d) Tây Nguyên: 5
  old('62', 'Kon Tum', 'tay-nguyen'),
  old('64', 'Gia Lai', 'tay-nguyen'),
  old('66', 'Đắk Lắk', 'tay-nguyen'),
  old('67', 'Đắk Nông', 'tay-nguyen'),
  old('68', 'Lâm Đồng', 'tay-nguyen'),
  // đ) Đông Nam Bộ: 7 (with Bình Thuận, as the seed lists it)
  old('79', 'TP. Hồ Chí Minh', 'dong-nam-bo'),
  old('77', 'Bà Rịa - Vũng Tàu', 'dong-nam-bo'),
  old('70', 'Bình Phước', 'dong-nam-bo'),
  old('74', 'Bình Dương', 'dong-nam-bo'),
  old('60', 'Bình Thuận', 'dong-nam-bo'),
  old('72', 'Tây Ninh', 'dong-nam-bo'),
  old('75', 'Đồng Nai', 'dong-nam-bo'),
  // e) Đồng bằng sông Cửu Long: 13
  old('80', 'Long An', 'dbscl'),
  old('87', 'Đồng Tháp', 'dbscl'),
  old('89', 'An Giang', 'dbscl'),
  old('82', 'Tiền Giang', 'dbscl'),
  old('86', 'Vĩnh Long', 'dbscl'),
  old('83', 'Bến Tre', 'dbscl'),
  old('91', 'Kiên Giang', 'dbscl'),
  old('92', 'Cần Thơ', 'dbscl'),
  old('93', 'Hậu Giang', 'dbscl'),
  old('84', 'Trà Vinh', 'dbscl'),
  old('94', 'Sóc Trăng', 'dbscl'),
  old('95', 'Bạc Liệu', 'dbscl'),
  old('96', 'Cà Mau', 'dbscl'),
];

const unit = (code: string, name: string, region: RegionId, mergedFrom: readonly string[]): Province2025 => ({
  scheme: '2025',
  code,
  name,
  region,
  mergedFrom,
});

/**
 * The 34 units of NQ 202/2025/QH15: 11 unchanged, 23 formed by merging 52 old provinces.
 * `code` is the QĐ 19/2025/QĐ-TTg code = the old code of the province hosting the seat
 * (listed first in `mergedFrom`).
 *
 * Region (policy default, documented here because neither NQ 202/2025 nor the seed gives one):
 * the seed region shared by the majority of the merged provinces; on a tie, the region of the
 * province hosting the seat. The ties and how they fall:
 *   Bắc Ninh (Bắc Giang tdmnpb + Bắc Ninh dbsh, seat Bắc Giang)     → Trung du miền núi phía Bắc
 *   Quảng Ngãi (Quảng Ngãi btb-dhmt + Kon Tum tay-nguyen, seat Quảng Ngãi) → Bắc Trung bộ và DHMT
 *   Gia Lai (Bình Định btb-dhmt + Gia Lai tay-nguyen, seat Quy Nhơn) → Bắc Trung bộ và DHMT
 *   Đắk Lắk (Đắk Lắk tay-nguyen + Phú Yên btb-dhmt, seat Buôn Ma Thuột) → Tây Nguyên
 *   Tây Ninh (Long An dbscl + Tây Ninh dong-nam-bo, seat Tân An)     → Đồng bằng sông Cửu Long
 * A report that must follow the seed's regions exactly groups by the 2004 scheme instead.
 */
const PROVINCE_LIST_2025: readonly Province2025[] = [
  unit('01', 'Hà Nội', 'dbsh', ['01']),
  unit('04', 'Cao Bằng', 'tdmnpb', ['04']),
  unit('08', 'Tuyên Quang', 'tdmnpb', ['08', '02']),
  unit('11', 'Điện Biên', 'tdmnpb', ['11']),
  unit('12', 'Lai Châu', 'tdmnpb', ['12']),
  unit('14', 'Sơn La', 'tdmnpb', ['14']),
  unit('15', 'Lào Cai', 'tdmnpb', ['15', '10']),
  unit('19', 'Thái Nguyên', 'tdmnpb', ['19', '06']),
  unit('20', 'Lạng Sơn', 'tdmnpb', ['20']),
  unit('22', 'Quảng Ninh', 'dbsh', ['22']),
  unit('24', 'Bắc Ninh', 'tdmnpb', ['24', '27']),
  unit('25', 'Phú Thọ', 'tdmnpb', ['25', '26', '17']),
  unit('31', 'Hải Phòng', 'dbsh', ['31', '30']),
  unit('33', 'Hưng Yên', 'dbsh', ['33', '34']),
  unit('37', 'Ninh Bình', 'dbsh', ['37', '35', '36']),
  unit('38', 'Thanh Hóa', 'btb-dhmt', ['38']),
  unit('40', 'Nghệ An', 'btb-dhmt', ['40']),
  unit('42', 'Hà Tĩnh', 'btb-dhmt', ['42']),
  unit('44', 'Quảng Trị', 'btb-dhmt', ['44', '45']),
  unit('46', 'Huế', 'btb-dhmt', ['46']),
  unit('48', 'Đà Nẵng', 'btb-dhmt', ['48', '49']),
  unit('51', 'Quảng Ngãi', 'btb-dhmt', ['51', '62']),
  unit('52', 'Gia Lai', 'btb-dhmt', ['52', '64']),
  unit('56', 'Khánh Hòa', 'btb-dhmt', ['56', '58']),
  unit('66', 'Đắk Lắk', 'tay-nguyen', ['66', '54']),
  unit('68', 'Lâm Đồng', 'tay-nguyen', ['68', '67', '60']),
  unit('75', 'Đồng Nai', 'dong-nam-bo', ['75', '70']),
  unit('79', 'TP. Hồ Chí Minh', 'dong-nam-bo', ['79', '74', '77']),
  unit('80', 'Tây Ninh', 'dbscl', ['80', '72']),
  unit('82', 'Đồng Tháp', 'dbscl', ['82', '87']),
  unit('86', 'Vĩnh Long', 'dbscl', ['86', '83', '84']),
  unit('91', 'An Giang', 'dbscl', ['91', '89']),
  unit('92', 'Cần Thơ', 'dbscl', ['92', '93', '94']),
  unit('96', 'Cà Mau', 'dbscl', ['96', '95']),
];

const byCode = <P extends ProvinceUnit>(list: readonly P[]): Readonly<Record<string, P>> =>
  Object.freeze(Object.fromEntries(list.map((p) => [p.code, p])));

/** Code → province, 2004–2025 (63). Iterate with `provincesIn('2004')` for a stable order. */
export const PROVINCES_2004: Readonly<Record<string, Province2004>> = byCode(PROVINCE_LIST_2004);

/** Code → provincial unit from 1/7/2025 (34). Iterate with `provincesIn('2025')` for a stable order. */
export const PROVINCES_2025: Readonly<Record<string, Province2025>> = byCode(PROVINCE_LIST_2025);

/** One version of the provincial map: its units, and where each 2004 code lies among them. */
export interface ProvinceSchemeVersion {
  readonly scheme: ProvinceScheme;
  readonly units: Readonly<Record<string, ProvinceUnit>>;
  /** 2004 code → code of the unit it belongs to in this scheme (total over the 63 codes). */
  readonly unitOf: Readonly<Record<string, string>>;
}

export const PROVINCE_UNITS: RuleTable<ProvinceSchemeVersion> = ruleTable<ProvinceSchemeVersion>(
  'province-units',
  'Danh mục đơn vị hành chính cấp tỉnh',
  [
    {
      effectiveFrom: '2004-01-01',
      legalBasis: 'QĐ 124/2004/QĐ-TTg (mã số đơn vị hành chính); 63 tỉnh, thành phố sau NQ 15/2008/QH12',
      value: {
        scheme: '2004',
        units: PROVINCES_2004,
        unitOf: Object.freeze(Object.fromEntries(PROVINCE_LIST_2004.map((p) => [p.code, p.code]))),
      },
    },
    {
      effectiveFrom: '2025-07-01',
      legalBasis: 'NQ 202/2025/QH15 (sắp xếp đơn vị hành chính cấp tỉnh); QĐ 19/2025/QĐ-TTg (mã số đơn vị hành chính)',
      value: {
        scheme: '2025',
        units: PROVINCES_2025,
        unitOf: Object.freeze(Object.fromEntries(PROVINCE_LIST_2025.flatMap((u) => u.mergedFrom.map((code) => [code, u.code])))),
      },
    },
  ],
);

function schemeVersion(scheme: ProvinceScheme, table: RuleTable<ProvinceSchemeVersion>): ProvinceSchemeVersion | undefined {
  return table.versions.find((version) => version.value.scheme === scheme)?.value;
}

function resolve(version: ProvinceSchemeVersion | undefined, code: string): ProvinceUnit | undefined {
  const target = version?.unitOf[code];
  return target === undefined ? undefined : version?.units[target];
}

/**
 * The province a code names. With `scheme`, the code is read in that scheme only; without it,
 * as a 2004 code first (what events carry) and then as a 2025 code. Undefined if unknown.
 */
export function provinceOf(code: string, scheme?: ProvinceScheme): ProvinceUnit | undefined {
  if (scheme === '2004') return PROVINCES_2004[code];
  if (scheme === '2025') return PROVINCES_2025[code];
  return PROVINCES_2004[code] ?? PROVINCES_2025[code];
}

/**
 * The code of the unit a historic (2004) code belongs to under `scheme`: itself for '2004', the
 * unit it merged into for '2025' (many → one). A 2025 code given for '2025' maps onto itself, so
 * a report can group codes of either time by the 2025 units. There is no mapping of a 2025 code
 * back to 2004 (one → many): use the unit's `mergedFrom`. Undefined for an unknown code.
 */
export function mapToScheme(code: string, scheme: ProvinceScheme, table: RuleTable<ProvinceSchemeVersion> = PROVINCE_UNITS): string | undefined {
  return resolve(schemeVersion(scheme, table), code)?.code;
}

/** The scheme in force on `day` (throws rule-not-in-force before 2004-01-01). */
export function schemeOn(day: IsoDate, table: RuleTable<ProvinceSchemeVersion> = PROVINCE_UNITS): ProvinceScheme {
  return versionInForce(table, day).value.scheme;
}

/**
 * The unit a historic (2004) code belongs to on `day`: the old province up to 30/6/2025, the
 * merged unit from 1/7/2025. Undefined for an unknown code; rule-not-in-force before 2004-01-01.
 */
export function unitOn(code: string, day: IsoDate, table: RuleTable<ProvinceSchemeVersion> = PROVINCE_UNITS): ProvinceUnit | undefined {
  return resolve(versionInForce(table, day).value, code);
}

/**
 * The region of a code, read in `scheme` (default: as a 2004 code, see provinceOf). With the
 * seat tie-break of PROVINCES_2025, a 2025 unit's region is that of the old province whose code
 * it carries, so the answer is the same whichever scheme the code is read in.
 */
export function regionOf(code: string, scheme?: ProvinceScheme): RegionId | undefined {
  return provinceOf(code, scheme)?.region;
}

/** The units of a scheme in code order, optionally only those of one region. */
export function provincesIn(scheme: '2004', region?: RegionId): readonly Province2004[];
export function provincesIn(scheme: '2025', region?: RegionId): readonly Province2025[];
export function provincesIn(scheme: ProvinceScheme, region?: RegionId): readonly ProvinceUnit[];
export function provincesIn(scheme: ProvinceScheme, region?: RegionId): readonly ProvinceUnit[] {
  const list: readonly ProvinceUnit[] = scheme === '2004' ? PROVINCE_LIST_2004 : PROVINCE_LIST_2025;
  return list.filter((p) => region === undefined || p.region === region).sort((a, b) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0));
}

/** Like provinceOf, for a decider that must reject an unknown code: RuleViolationError. */
export function requireProvince(code: string, scheme?: ProvinceScheme): ProvinceUnit {
  const province = provinceOf(code, scheme);
  if (!province) {
    throw new RuleViolationError(
      'province-code',
      scheme === '2025' ? 'QĐ 19/2025/QĐ-TTg' : 'QĐ 124/2004/QĐ-TTg',
      `Mã tỉnh ${code} không có trong danh mục đơn vị hành chính${scheme ? ` (${scheme})` : ''}`,
      { province: code, ...(scheme ? { scheme } : {}) },
    );
  }
  return province;
}

/**
 * A province code as an act dated `day` may use it: a unit of the map in force that day (the 63
 * codes until 30/6/2025, the 34 from 1/7/2025). Anything else — an unknown code, a full-width
 * digit, a province merged away before the act — is refused as invalid input.
 */
export function requireProvinceOn(code: string, day: IsoDate, table: RuleTable<ProvinceSchemeVersion> = PROVINCE_UNITS): ProvinceUnit {
  const { value } = versionInForce(table, day);
  const unit = Object.hasOwn(value.units, code) ? value.units[code] : undefined;
  if (!unit) throw new InvalidCommandError('province', `mã tỉnh "${code}" không có trong danh mục đơn vị hành chính cấp tỉnh ngày ${day}`);
  return unit;
}
