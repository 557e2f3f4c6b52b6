/**
 * The working-day calendar of Việt Nam (state agencies: Monday–Friday, Bộ luật Lao động 2019
 * Điều 111 and the Government's 40-hour week), used to count "working days" in deadlines.
 *
 * Public holidays (Bộ luật Lao động 2019 Điều 112 khoản 1): Tết Dương lịch 1/1 (1 day); Tết Âm lịch
 * (5 days); Giỗ Tổ Hùng Vương 10/3 âm lịch (1 day); Ngày Chiến thắng 30/4 (1 day); Ngày Quốc tế lao
 * động 1/5 (1 day); Quốc khánh 2/9 and 1 adjacent day before or after (2 days). A holiday falling on
 * the weekly rest day is compensated on the next working day (Điều 111 khoản 3). Every year the
 * Government (via Bộ LĐTBXH, from 2025 Bộ Nội vụ) announces the actual schedule for civil servants,
 * which fixes the five Tết days and the Quốc khánh adjacent day and often swaps a weekday off for a
 * Saturday worked ("hoán đổi ngày làm việc", "làm bù").
 *
 * The shipped data covers 2024–2030. Where an official announcement was found it is shipped as is
 * (its `basis` names the document); everything else is computed by rule and its `basis` is
 * {@link COMPUTED_BASIS}. Days are ISO `YYYY-MM-DD` calendar days in Asia/Ho_Chi_Minh; all
 * arithmetic is done in UTC on those strings, never in local time.
 *
 * Outside the data range the calendar does NOT pretend to know the official schedule: it falls back
 * to weekends + the statutory holidays of Điều 112 (fixed-date ones, and Tết / Giỗ Tổ from the lunar
 * calendar) + compensatory days of Điều 111 khoản 3, computed by the same rule as the shipped
 * computed years (see {@link ruleDays}). No swaps are invented there. The rule is applied as in the
 * 2019 code whatever the year, so dates before 2021 are not historically exact.
 *
 * Not yet included: Ngày Văn hóa Việt Nam 24/11, chosen by Nghị quyết 80-NQ/TW (01/2026) as a paid
 * day off, pending an amendment of Điều 112 khoản 1 (Nghị quyết 30/NQ-CP, 02/2026). Once it is law,
 * add it to the rule below, or meanwhile through an override file.
 */
import { IsoDate, isIsoDate, isoDate, yearOf } from '../shared/dates';

export type CalendarDayKind = 'holiday' | 'compensatory' | 'day-off' | 'makeup-working-day';
export const CALENDAR_DAY_KINDS: readonly CalendarDayKind[] = ['holiday', 'compensatory', 'day-off', 'makeup-working-day'];

export interface CalendarDay {
  readonly date: IsoDate;
  /**
   * `holiday`: a statutory holiday (Điều 112); `compensatory`: nghỉ bù for a holiday on a weekend
   * (Điều 111 khoản 3); `day-off`: a weekday off by a swap (hoán đổi); `makeup-working-day`: a
   * Saturday or Sunday worked in exchange (làm bù).
   */
  readonly kind: CalendarDayKind;
  readonly name: string;
  /** the decision/law it comes from, or 'mặc định chính sách (tính theo Bộ luật Lao động 2019 Điều 111–112)' when computed */
  readonly basis: string;
}

export interface CalendarData {
  readonly from: IsoDate;
  readonly to: IsoDate;
  readonly days: readonly CalendarDay[];
}

export interface WorkingCalendar {
  /** Mon–Fri not off, plus makeup working days (Saturdays worked in exchange). */
  isWorkingDay(day: IsoDate): boolean;
  /**
   * The day `n` working days after `day` (n ≥ 0; n = 0 → `day` itself if working, else the next
   * working day). For n ≥ 1 counting starts the day after `day`: the 1st working day after a
   * Friday is the following Monday (if working), whether or not `day` itself is a working day.
   */
  addWorkingDays(day: IsoDate, n: number): IsoDate;
  /** The first working day on or after `day`. */
  nextWorkingDay(day: IsoDate): IsoDate;
  /** Holidays, compensatory days and swapped days off of a year, by date (makeup working days are not days off). */
  daysOff(year: number): readonly CalendarDay[];
}

/** The `basis` of every day computed by rule rather than taken from an official announcement. */
export const COMPUTED_BASIS = 'mặc định chính sách (tính theo Bộ luật Lao động 2019 Điều 111–112)';

// ───────────────────────────── day arithmetic (UTC, on ISO strings) ─────────────────────────────

const MS_PER_DAY = 86_400_000;

function assertDay(day: unknown, what = 'day'): asserts day is IsoDate {
  if (!isIsoDate(day)) throw new RangeError(`working calendar: ${what} must be a calendar day YYYY-MM-DD, got ${JSON.stringify(day)}`);
}

/** Days since 1970-01-01. */
const epochDay = (day: IsoDate): number => Date.UTC(Number(day.slice(0, 4)), Number(day.slice(5, 7)) - 1, Number(day.slice(8, 10))) / MS_PER_DAY;
const fromEpochDay = (n: number): IsoDate => new Date(n * MS_PER_DAY).toISOString().slice(0, 10);
const addDays = (day: IsoDate, n: number): IsoDate => fromEpochDay(epochDay(day) + n);
/** 0 = Sunday … 6 = Saturday (1970-01-01 was a Thursday). */
const weekday = (day: IsoDate): number => (((epochDay(day) + 4) % 7) + 7) % 7;
const isWeekend = (day: IsoDate): boolean => {
  const d = weekday(day);
  return d === 0 || d === 6;
};
const byDate = (a: CalendarDay, b: CalendarDay): number => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0);
const isOff = (day: CalendarDay): boolean => day.kind !== 'makeup-working-day';

// ─────────────────────────── the Vietnamese lunar calendar (UTC+7) ───────────────────────────
// The method of Hồ Ngọc Đức ("Thuật toán tính âm lịch"): a lunar month starts on the local day of
// a new moon; month 11 is the one containing the winter solstice; in a year with 13 months between
// two months 11, the leap month is the first one without a major solar term (trung khí). New moons
// and the sun's longitude use the abridged series of J. Meeus, "Astronomical Algorithms" (1998).
// Local time is UTC+7, which is why Việt Nam and China sometimes start a month on different days
// (Tết 2007: 17/2 in Việt Nam, 18/2 in China).

const VIETNAM_UTC_OFFSET_HOURS = 7;
const SYNODIC_MONTH = 29.530588853;
/** Julian day number of 1970-01-01. */
const JDN_OF_EPOCH = 2_440_588;
/** Julian day of the new moon of 1900-01-01 (k = 0). */
const NEW_MOON_EPOCH = 2_415_021.076998695;
const RAD = Math.PI / 180;
const LUNAR_YEARS = { min: 1900, max: 2199 } as const;

const julianDayNumber = (day: IsoDate): number => epochDay(day) + JDN_OF_EPOCH;
const fromJulianDayNumber = (jdn: number): IsoDate => fromEpochDay(jdn - JDN_OF_EPOCH);

/** Julian day (with fraction, UT) of the k-th mean new moon after 1900-01-01. */
function newMoon(k: number): number {
  const t = k / 1236.85;
  const t2 = t * t;
  const t3 = t2 * t;
  const mean =
    2_415_020.75933 + 29.53058868 * k + 0.0001178 * t2 - 0.000000155 * t3 + 0.00033 * Math.sin((166.56 + 132.87 * t - 0.009173 * t2) * RAD);
  const sunAnomaly = (359.2242 + 29.10535608 * k - 0.0000333 * t2 - 0.00000347 * t3) * RAD;
  const moonAnomaly = (306.0253 + 385.81691806 * k + 0.0107306 * t2 + 0.00001236 * t3) * RAD;
  const latitude = (21.2964 + 390.67050646 * k - 0.0016528 * t2 - 0.00000239 * t3) * RAD;
  const correction =
    (0.1734 - 0.000393 * t) * Math.sin(sunAnomaly) +
    0.0021 * Math.sin(2 * sunAnomaly) -
    0.4068 * Math.sin(moonAnomaly) +
    0.0161 * Math.sin(2 * moonAnomaly) -
    0.0004 * Math.sin(3 * moonAnomaly) +
    0.0104 * Math.sin(2 * latitude) -
    0.0051 * Math.sin(sunAnomaly + moonAnomaly) -
    0.0074 * Math.sin(sunAnomaly - moonAnomaly) +
    0.0004 * Math.sin(2 * latitude + sunAnomaly) -
    0.0004 * Math.sin(2 * latitude - sunAnomaly) -
    0.0006 * Math.sin(2 * latitude + moonAnomaly) +
    0.001 * Math.sin(2 * latitude - moonAnomaly) +
    0.0005 * Math.sin(2 * moonAnomaly + sunAnomaly);
  const deltaT = t < -11 ? 0.001 + 0.000839 * t + 0.0002261 * t2 - 0.00000845 * t3 - 0.000000081 * t * t3 : -0.000278 + 0.000265 * t + 0.000262 * t2;
  return mean + correction - deltaT;
}

/** The Julian day number of the local (UTC+7) day on which the k-th new moon falls. */
const newMoonDay = (k: number): number => Math.floor(newMoon(k) + 0.5 + VIETNAM_UTC_OFFSET_HOURS / 24);

/** The sun's apparent longitude in radians, in [0, 2π), at Julian day `jd`. */
function sunLongitude(jd: number): number {
  const t = (jd - 2_451_545) / 36_525;
  const t2 = t * t;
  const anomaly = (357.5291 + 35_999.0503 * t - 0.0001559 * t2 - 0.00000048 * t * t2) * RAD;
  const meanLongitude = 280.46645 + 36_000.76983 * t + 0.0003032 * t2;
  const centre =
    (1.9146 - 0.004817 * t - 0.000014 * t2) * Math.sin(anomaly) + (0.019993 - 0.000101 * t) * Math.sin(2 * anomaly) + 0.00029 * Math.sin(3 * anomaly);
  const longitude = (meanLongitude + centre) * RAD;
  return longitude - 2 * Math.PI * Math.floor(longitude / (2 * Math.PI));
}

/** Which 30° sector (0–11) the sun is in at local midnight starting the day `jdn`; 9 = from the winter solstice. */
const sunSector = (jdn: number): number => Math.floor((sunLongitude(jdn - 0.5 - VIETNAM_UTC_OFFSET_HOURS / 24) / Math.PI) * 6);

/** The Julian day number on which lunar month 11 (the one containing the winter solstice) of `year` starts. */
function lunarMonth11(year: number): number {
  const k = Math.floor((julianDayNumber(isoDate(year, 12, 31)) - 2_415_021) / SYNODIC_MONTH);
  const start = newMoonDay(k);
  return sunSector(start) >= 9 ? newMoonDay(k - 1) : start;
}

/** In a 13-month year starting at month 11 on `month11`, how many months after it the leap month comes. */
function leapMonthOffset(month11: number): number {
  const k = Math.floor((month11 - NEW_MOON_EPOCH) / SYNODIC_MONTH + 0.5);
  let i = 1;
  let sector = sunSector(newMoonDay(k + i));
  let previous: number;
  do {
    previous = sector;
    i += 1;
    sector = sunSector(newMoonDay(k + i));
  } while (sector !== previous && i < 14);
  return i - 1;
}

/** Lunar → solar for the Vietnamese lunar calendar (UTC+7), needed to compute Tết and Giỗ Tổ Hùng Vương. */
export function lunarToSolar(lunarYear: number, lunarMonth: number, lunarDay: number, leapMonth = false): IsoDate {
  const date = `${lunarDay}/${lunarMonth}${leapMonth ? ' nhuận' : ''}/${lunarYear} âm lịch`;
  if (!Number.isInteger(lunarYear) || lunarYear < LUNAR_YEARS.min || lunarYear > LUNAR_YEARS.max) {
    throw new RangeError(`lunar calendar: year ${lunarYear} outside ${LUNAR_YEARS.min}–${LUNAR_YEARS.max} (${date})`);
  }
  if (!Number.isInteger(lunarMonth) || lunarMonth < 1 || lunarMonth > 12) throw new RangeError(`lunar calendar: no month ${lunarMonth} (${date})`);
  if (!Number.isInteger(lunarDay) || lunarDay < 1 || lunarDay > 30) throw new RangeError(`lunar calendar: no day ${lunarDay} (${date})`);

  // Months 11 and 12 belong to the lunar year that started in the previous solar year's spring.
  const [start, end] =
    lunarMonth < 11 ? [lunarMonth11(lunarYear - 1), lunarMonth11(lunarYear)] : [lunarMonth11(lunarYear), lunarMonth11(lunarYear + 1)];
  const k = Math.floor(0.5 + (start - NEW_MOON_EPOCH) / SYNODIC_MONTH);
  let offset = (lunarMonth - 11 + 12) % 12;
  if (end - start > 365) {
    const leapOffset = leapMonthOffset(start);
    const leapNumber = (leapOffset - 2 + 12) % 12;
    if (leapMonth && lunarMonth !== leapNumber) throw new RangeError(`lunar calendar: month ${lunarMonth} has no leap month in that year (${date})`);
    if (leapMonth || offset >= leapOffset) offset += 1;
  } else if (leapMonth) {
    throw new RangeError(`lunar calendar: no leap month in that year (${date})`);
  }
  const monthStart = newMoonDay(k + offset);
  if (lunarDay > newMoonDay(k + offset + 1) - monthStart) throw new RangeError(`lunar calendar: that month has no day ${lunarDay} (${date})`);
  return fromJulianDayNumber(monthStart + lunarDay - 1);
}

const CAN = ['Canh', 'Tân', 'Nhâm', 'Quý', 'Giáp', 'Ất', 'Bính', 'Đinh', 'Mậu', 'Kỷ'] as const;
const CHI = ['Thân', 'Dậu', 'Tuất', 'Hợi', 'Tý', 'Sửu', 'Dần', 'Mão', 'Thìn', 'Tỵ', 'Ngọ', 'Mùi'] as const;
/** The sexagenary name of a lunar year (2024 → Giáp Thìn). */
const lunarYearName = (year: number): string => `${CAN[year % 10]} ${CHI[year % 12]}`;

// ──────────────────────────────────── the statutory rule ────────────────────────────────────

/** The occasions of Điều 112 khoản 1; an official schedule replaces the rule for the occasions it covers. */
type Occasion = 'tet-duong-lich' | 'tet-am-lich' | 'gio-to' | 'chien-thang' | 'quoc-te-lao-dong' | 'quoc-khanh';

interface StatutoryHoliday {
  readonly date: IsoDate;
  readonly occasion: Occasion;
  readonly name: string;
}

/**
 * The day adjacent to 2/9 when no schedule is announced (policy default): the one that joins the
 * holiday to a weekend where it can, following the announced years — 2/9 on Monday → 3/9 (2024),
 * Tuesday → 1/9 (2025), Wednesday → 1/9 (2026), Thursday → 3/9 (2021), Friday → 1/9 (2022),
 * Saturday → 1/9 (2023); Sunday → 3/9 (then 2/9 is compensated on Tuesday 4/9).
 */
function quocKhanhAdjacentDay(year: number): IsoDate {
  const after = [0, 1, 4].includes(weekday(isoDate(year, 9, 2)));
  return isoDate(year, 9, after ? 3 : 1);
}

/**
 * Điều 112 khoản 1 for one year. Tết (policy default, used only where no schedule is announced):
 * the last day of the old lunar year and the first four days of the new one.
 */
function statutoryHolidays(year: number): StatutoryHoliday[] {
  const tet = lunarToSolar(year, 1, 1);
  const lunarName = lunarYearName(year);
  return [
    { date: isoDate(year, 1, 1), occasion: 'tet-duong-lich', name: 'Tết Dương lịch' },
    { date: addDays(tet, -1), occasion: 'tet-am-lich', name: `Tết Âm lịch ${lunarName} (ngày cuối năm âm lịch)` },
    ...[1, 2, 3, 4].map((day): StatutoryHoliday => ({
      date: addDays(tet, day - 1),
      occasion: 'tet-am-lich',
      name: `Tết Âm lịch ${lunarName} (mùng ${day} tháng Giêng)`,
    })),
    { date: lunarToSolar(year, 3, 10), occasion: 'gio-to', name: 'Giỗ Tổ Hùng Vương (10/3 âm lịch)' },
    { date: isoDate(year, 4, 30), occasion: 'chien-thang', name: 'Ngày Chiến thắng (30/4)' },
    { date: isoDate(year, 5, 1), occasion: 'quoc-te-lao-dong', name: 'Ngày Quốc tế lao động (1/5)' },
    { date: isoDate(year, 9, 2), occasion: 'quoc-khanh', name: 'Quốc khánh (2/9)' },
    { date: quocKhanhAdjacentDay(year), occasion: 'quoc-khanh', name: 'Quốc khánh (ngày liền kề 2/9)' },
  ];
}

/** An announced schedule for some occasions of one year, replacing the rule for those occasions. */
interface OfficialSchedule {
  readonly year: number;
  readonly occasions: readonly Occasion[];
  readonly basis: string;
  readonly days: readonly (readonly [IsoDate, CalendarDayKind, string])[];
}

/**
 * The days of one year: the official schedules given, then the statutory holidays of every
 * occasion they do not cover, each one that falls on a weekend (or on a day already off)
 * compensated on the next weekday that is not off (Điều 111 khoản 3).
 */
function yearDays(year: number, official: readonly OfficialSchedule[]): CalendarDay[] {
  const schedules = official.filter((s) => s.year === year);
  const covered = new Set(schedules.flatMap((s) => s.occasions));
  const days = new Map<IsoDate, CalendarDay>();
  for (const schedule of schedules) {
    for (const [date, kind, name] of schedule.days) days.set(date, { date, kind, name, basis: schedule.basis });
  }
  const toCompensate: StatutoryHoliday[] = [];
  for (const holiday of statutoryHolidays(year).filter((h) => !covered.has(h.occasion))) {
    if (days.has(holiday.date)) {
      toCompensate.push(holiday); // two holidays on one day (e.g. Giỗ Tổ on 30/4): the second is compensated
      continue;
    }
    days.set(holiday.date, { date: holiday.date, kind: 'holiday', name: holiday.name, basis: COMPUTED_BASIS });
    if (isWeekend(holiday.date)) toCompensate.push(holiday);
  }
  for (const holiday of toCompensate.sort((a, b) => (a.date < b.date ? -1 : 1))) {
    let date = addDays(holiday.date, 1);
    while (isWeekend(date) || days.has(date)) date = addDays(date, 1);
    days.set(date, { date, kind: 'compensatory', name: `Nghỉ bù ${holiday.name} (${holiday.date})`, basis: COMPUTED_BASIS });
  }
  return [...days.values()].sort(byDate);
}

/**
 * The rule alone for one year (no announced schedule): weekends aside, the statutory holidays
 * and their compensatory days. This is what the calendar uses outside its data range.
 */
export function ruleDays(year: number): readonly CalendarDay[] {
  return yearDays(year, []);
}

// ───────────────────────────────────── the shipped data ─────────────────────────────────────

const BASIS_2024_TET_QK = 'Công văn 8662/VPCP-KGVX ngày 03/11/2023 của Văn phòng Chính phủ; Thông báo 5015/TB-LĐTBXH ngày 22/11/2023 của Bộ LĐTBXH';
const BASIS_2024_APRIL = 'Công văn 2450/VPCP-KGVX ngày 12/4/2024 của Văn phòng Chính phủ (hoán đổi ngày làm việc dịp 30/4–1/5/2024)';
const BASIS_2025 = 'Công văn 8726/VPCP-KGVX ngày 26/11/2024 của Văn phòng Chính phủ; Thông báo 6150/TB-BLĐTBXH năm 2024 của Bộ LĐTBXH';
const BASIS_2026_NEW_YEAR = 'Công văn 12729/VPCP-KGVX ngày 25/12/2025 của Văn phòng Chính phủ (nghỉ Tết Dương lịch 2026, đề xuất của Bộ Nội vụ)';
const BASIS_2026_TET_QK = 'Công văn 9859/VPCP-KGVX ngày 13/10/2025 của Văn phòng Chính phủ; Thông báo 9441/TB-BNV ngày 16/10/2025 của Bộ Nội vụ';

/** The schedules announced for civil servants (weekends inside a break are not listed: they are off anyway). */
const OFFICIAL_SCHEDULES: readonly OfficialSchedule[] = [
  {
    year: 2024,
    occasions: ['tet-am-lich'],
    basis: BASIS_2024_TET_QK,
    days: [
      ['2024-02-08', 'holiday', 'Tết Âm lịch Giáp Thìn (29 tháng Chạp)'],
      ['2024-02-09', 'holiday', 'Tết Âm lịch Giáp Thìn (30 tháng Chạp)'],
      ['2024-02-10', 'holiday', 'Tết Âm lịch Giáp Thìn (mùng 1 tháng Giêng)'],
      ['2024-02-11', 'holiday', 'Tết Âm lịch Giáp Thìn (mùng 2 tháng Giêng)'],
      ['2024-02-12', 'holiday', 'Tết Âm lịch Giáp Thìn (mùng 3 tháng Giêng)'],
      ['2024-02-13', 'compensatory', 'Nghỉ bù Tết Âm lịch (mùng 1 trùng thứ Bảy 10/02/2024)'],
      ['2024-02-14', 'compensatory', 'Nghỉ bù Tết Âm lịch (mùng 2 trùng Chủ nhật 11/02/2024)'],
    ],
  },
  {
    year: 2024,
    occasions: ['chien-thang', 'quoc-te-lao-dong'],
    basis: BASIS_2024_APRIL,
    days: [
      ['2024-04-29', 'day-off', 'Nghỉ hoán đổi dịp 30/4–1/5 (làm bù thứ Bảy 04/5/2024)'],
      ['2024-04-30', 'holiday', 'Ngày Chiến thắng (30/4)'],
      ['2024-05-01', 'holiday', 'Ngày Quốc tế lao động (1/5)'],
      ['2024-05-04', 'makeup-working-day', 'Làm bù cho thứ Hai 29/4/2024'],
    ],
  },
  {
    year: 2024,
    occasions: ['quoc-khanh'],
    basis: BASIS_2024_TET_QK,
    days: [
      ['2024-09-02', 'holiday', 'Quốc khánh (2/9)'],
      ['2024-09-03', 'holiday', 'Quốc khánh (ngày liền kề sau 2/9)'],
    ],
  },
  {
    year: 2025,
    occasions: ['tet-am-lich'],
    basis: BASIS_2025,
    days: [
      ['2025-01-27', 'holiday', 'Tết Âm lịch Ất Tỵ (28 tháng Chạp)'],
      ['2025-01-28', 'holiday', 'Tết Âm lịch Ất Tỵ (29 tháng Chạp)'],
      ['2025-01-29', 'holiday', 'Tết Âm lịch Ất Tỵ (mùng 1 tháng Giêng)'],
      ['2025-01-30', 'holiday', 'Tết Âm lịch Ất Tỵ (mùng 2 tháng Giêng)'],
      ['2025-01-31', 'holiday', 'Tết Âm lịch Ất Tỵ (mùng 3 tháng Giêng)'],
    ],
  },
  {
    year: 2025,
    occasions: ['chien-thang', 'quoc-te-lao-dong'],
    basis: BASIS_2025,
    days: [
      ['2025-04-26', 'makeup-working-day', 'Làm bù cho thứ Sáu 02/5/2025'],
      ['2025-04-30', 'holiday', 'Ngày Chiến thắng (30/4)'],
      ['2025-05-01', 'holiday', 'Ngày Quốc tế lao động (1/5)'],
      ['2025-05-02', 'day-off', 'Nghỉ hoán đổi dịp 30/4–1/5 (làm bù thứ Bảy 26/4/2025)'],
    ],
  },
  {
    year: 2025,
    occasions: ['quoc-khanh'],
    basis: BASIS_2025,
    days: [
      ['2025-09-01', 'holiday', 'Quốc khánh (ngày liền kề trước 2/9)'],
      ['2025-09-02', 'holiday', 'Quốc khánh (2/9)'],
    ],
  },
  {
    year: 2026,
    occasions: ['tet-duong-lich'],
    basis: BASIS_2026_NEW_YEAR,
    days: [
      ['2026-01-01', 'holiday', 'Tết Dương lịch'],
      ['2026-01-02', 'day-off', 'Nghỉ hoán đổi dịp Tết Dương lịch (làm bù thứ Bảy 10/01/2026)'],
      ['2026-01-10', 'makeup-working-day', 'Làm bù cho thứ Sáu 02/01/2026'],
    ],
  },
  {
    year: 2026,
    occasions: ['tet-am-lich'],
    basis: BASIS_2026_TET_QK,
    days: [
      ['2026-02-16', 'holiday', 'Tết Âm lịch Bính Ngọ (29 tháng Chạp)'],
      ['2026-02-17', 'holiday', 'Tết Âm lịch Bính Ngọ (mùng 1 tháng Giêng)'],
      ['2026-02-18', 'holiday', 'Tết Âm lịch Bính Ngọ (mùng 2 tháng Giêng)'],
      ['2026-02-19', 'holiday', 'Tết Âm lịch Bính Ngọ (mùng 3 tháng Giêng)'],
      ['2026-02-20', 'holiday', 'Tết Âm lịch Bính Ngọ (mùng 4 tháng Giêng)'],
    ],
  },
  {
    year: 2026,
    occasions: ['quoc-khanh'],
    basis: BASIS_2026_TET_QK,
    days: [
      ['2026-08-22', 'makeup-working-day', 'Làm bù cho thứ Hai 31/8/2026'],
      ['2026-08-31', 'day-off', 'Nghỉ hoán đổi dịp Quốc khánh (làm bù thứ Bảy 22/8/2026)'],
      ['2026-09-01', 'holiday', 'Quốc khánh (ngày liền kề trước 2/9)'],
      ['2026-09-02', 'holiday', 'Quốc khánh (2/9)'],
    ],
  },
];

const SHIPPED_YEARS = { from: 2024, to: 2030 } as const;

/** Shipped data 2024-01-01 .. 2030-12-31. */
export const VIETNAM_CALENDAR: CalendarData = {
  from: isoDate(SHIPPED_YEARS.from, 1, 1),
  to: isoDate(SHIPPED_YEARS.to, 12, 31),
  days: Array.from({ length: SHIPPED_YEARS.to - SHIPPED_YEARS.from + 1 }, (_, i) => yearDays(SHIPPED_YEARS.from + i, OFFICIAL_SCHEDULES)).flat(),
};

// ─────────────────────────────────── validation, overrides ───────────────────────────────────

/** What is wrong with a calendar day entry, or undefined. */
function entryProblem(entry: unknown): string | undefined {
  if (typeof entry !== 'object' || entry === null || Array.isArray(entry)) return 'expected an object { date, kind, name, basis }';
  const e = entry as Record<string, unknown>;
  const unknown = Object.keys(e).filter((key) => !['date', 'kind', 'name', 'basis'].includes(key));
  if (unknown.length > 0) return `unknown field(s) ${unknown.join(', ')}`;
  if (!isIsoDate(e['date'])) return 'date must be a calendar day YYYY-MM-DD';
  if (!CALENDAR_DAY_KINDS.includes(e['kind'] as CalendarDayKind)) return `kind must be one of ${CALENDAR_DAY_KINDS.join(', ')}`;
  if (typeof e['name'] !== 'string' || e['name'].trim() === '') return 'name must be a non-empty string';
  if (typeof e['basis'] !== 'string' || e['basis'].trim() === '') return 'basis must be a non-empty string (the decision, or the policy default)';
  if (e['kind'] === 'makeup-working-day' && !isWeekend(e['date'] as IsoDate)) return 'a makeup working day must be a Saturday or Sunday';
  return undefined;
}

const show = (value: unknown): string => {
  const text = JSON.stringify(value);
  return text === undefined ? String(value) : text.length > 200 ? `${text.slice(0, 200)}…` : text;
};

/** Throws an Error naming the first bad entry: malformed, outside the range, or a date given twice. */
function validateCalendarData(data: CalendarData, where = 'calendar data'): void {
  if (!isIsoDate(data.from) || !isIsoDate(data.to) || data.from > data.to) {
    throw new Error(`${where}: from/to must be calendar days YYYY-MM-DD with from ≤ to, got ${show(data.from)} .. ${show(data.to)}`);
  }
  const seen = new Set<IsoDate>();
  data.days.forEach((day, i) => {
    const problem = entryProblem(day);
    if (problem) throw new Error(`${where}: days[${i}] ${show(day)}: ${problem}`);
    if (day.date < data.from || day.date > data.to) throw new Error(`${where}: days[${i}] ${show(day)}: outside ${data.from} .. ${data.to}`);
    if (seen.has(day.date)) throw new Error(`${where}: days[${i}] ${show(day)}: ${day.date} appears twice`);
    seen.add(day.date);
  });
}

/**
 * Overrides from a JSON file's content (the app reads the file; this only parses + validates):
 * `{ "add": CalendarDay[], "remove": string[] (dates) }` merged over the data. `remove` is applied
 * first and must name dates present in the data; an added day replaces any day on the same date.
 * Added days must lie inside the data range (outside it the rule applies; ship a wider data set
 * instead). Accepts the parsed JSON value or the raw text. Throws a clear Error naming the bad entry.
 */
export function withCalendarOverrides(data: CalendarData, override: unknown): CalendarData {
  const where = 'calendar override';
  let value = override;
  if (typeof value === 'string') {
    try {
      value = JSON.parse(value) as unknown;
    } catch (error) {
      throw new Error(`${where}: not valid JSON (${(error as Error).message})`);
    }
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new Error(`${where}: expected an object { "add": [...], "remove": [...] }, got ${show(value)}`);
  }
  const o = value as Record<string, unknown>;
  const unknownKeys = Object.keys(o).filter((key) => key !== 'add' && key !== 'remove');
  if (unknownKeys.length > 0) throw new Error(`${where}: unknown key(s) ${unknownKeys.join(', ')} (expected "add" and/or "remove")`);
  const add = o['add'] ?? [];
  const remove = o['remove'] ?? [];
  if (!Array.isArray(add)) throw new Error(`${where}: "add" must be an array of days, got ${show(add)}`);
  if (!Array.isArray(remove)) throw new Error(`${where}: "remove" must be an array of dates, got ${show(remove)}`);

  const days = new Map(data.days.map((day) => [day.date, day]));
  remove.forEach((date: unknown, i) => {
    if (!isIsoDate(date)) throw new Error(`${where}: remove[${i}] ${show(date)}: must be a calendar day YYYY-MM-DD`);
    if (!days.delete(date)) throw new Error(`${where}: remove[${i}] ${show(date)}: no such day in the calendar`);
  });
  const added = new Set<IsoDate>();
  add.forEach((entry: unknown, i) => {
    const problem = entryProblem(entry);
    if (problem) throw new Error(`${where}: add[${i}] ${show(entry)}: ${problem}`);
    const day = entry as CalendarDay;
    if (day.date < data.from || day.date > data.to)
      throw new Error(`${where}: add[${i}] ${show(entry)}: outside the calendar range ${data.from} .. ${data.to}`);
    if (added.has(day.date)) throw new Error(`${where}: add[${i}] ${show(entry)}: ${day.date} is added twice`);
    added.add(day.date);
    days.set(day.date, { date: day.date, kind: day.kind, name: day.name, basis: day.basis });
  });
  const merged: CalendarData = { from: data.from, to: data.to, days: [...days.values()].sort(byDate) };
  validateCalendarData(merged, where);
  return merged;
}

// ──────────────────────────────────────── the calendar ────────────────────────────────────────

/**
 * A calendar over `data` (default: the shipped 2024–2030 data; throws naming the entry if it is
 * malformed). Inside `data.from .. data.to` the data is authoritative; outside it every answer
 * comes from the statutory rule ({@link ruleDays}: weekends, Điều 112 holidays incl. the lunar ones,
 * Điều 111 khoản 3 compensatory days) — never from an assumption that there are no holidays.
 */
export function workingCalendar(data: CalendarData = VIETNAM_CALENDAR): WorkingCalendar {
  validateCalendarData(data);
  const entries = new Map(data.days.map((day) => [day.date, day]));
  const inRange = (day: IsoDate): boolean => day >= data.from && day <= data.to;
  const ruleCache = new Map<number, ReadonlyMap<IsoDate, CalendarDay>>();
  const ruleEntries = (year: number): ReadonlyMap<IsoDate, CalendarDay> => {
    let found = ruleCache.get(year);
    if (!found) {
      found = new Map(ruleDays(year).map((day) => [day.date, day]));
      ruleCache.set(year, found);
    }
    return found;
  };
  const entryOf = (day: IsoDate): CalendarDay | undefined => (inRange(day) ? entries.get(day) : ruleEntries(yearOf(day)).get(day));
  const working = (day: IsoDate): boolean => {
    const entry = entryOf(day);
    return entry ? !isOff(entry) : !isWeekend(day);
  };
  const next = (day: IsoDate): IsoDate => {
    let current = day;
    while (!working(current)) current = addDays(current, 1);
    return current;
  };

  return {
    isWorkingDay(day) {
      assertDay(day);
      return working(day);
    },
    nextWorkingDay(day) {
      assertDay(day);
      return next(day);
    },
    addWorkingDays(day, n) {
      assertDay(day);
      if (!Number.isSafeInteger(n) || n < 0) throw new RangeError(`working calendar: the number of working days must be an integer ≥ 0, got ${n}`);
      if (n === 0) return next(day);
      let current = day;
      for (let counted = 0; counted < n;) {
        current = addDays(current, 1);
        if (working(current)) counted += 1;
      }
      return current;
    },
    daysOff(year) {
      if (!Number.isInteger(year)) throw new RangeError(`working calendar: year must be an integer, got ${year}`);
      const fromData = data.days.filter((day) => yearOf(day.date) === year);
      const fullyInRange = isoDate(year, 1, 1) >= data.from && isoDate(year, 12, 31) <= data.to;
      const fromRule = fullyInRange ? [] : ruleDays(year).filter((day) => !inRange(day.date));
      return [...fromData, ...fromRule].filter(isOff).sort(byDate);
    },
  };
}
