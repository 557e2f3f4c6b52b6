/**
 * The working-day calendar of Việt Nam 2024–2030: the lunar calendar (UTC+7), the statutory
 * holidays and compensatory days (Bộ luật Lao động 2019 Điều 111–112), the announced schedules
 * with their swapped days, the rule outside the data range, and override files.
 */
import { workingCalendar as fromDomainIndex } from '..';
import {
  CalendarData,
  CalendarDay,
  COMPUTED_BASIS,
  lunarToSolar,
  ruleDays,
  VIETNAM_CALENDAR,
  withCalendarOverrides,
  workingCalendar,
} from './working-calendar';

const calendar = workingCalendar();
const off = (day: string) => expect(calendar.isWorkingDay(day)).toBe(false);
const on = (day: string) => expect(calendar.isWorkingDay(day)).toBe(true);
const dayOf = (date: string): CalendarDay | undefined => VIETNAM_CALENDAR.days.find((d) => d.date === date);
/** Every day from `from` to `to` inclusive. */
const range = (from: string, to: string): string[] => {
  const days: string[] = [];
  for (let t = Date.parse(`${from}T00:00:00Z`); t <= Date.parse(`${to}T00:00:00Z`); t += 86_400_000)
    days.push(new Date(t).toISOString().slice(0, 10));
  return days;
};

describe('lunarToSolar (Vietnamese lunar calendar, UTC+7)', () => {
  it.each([
    [2024, '2024-02-10'],
    [2025, '2025-01-29'],
    [2026, '2026-02-17'],
    [2027, '2027-02-06'],
    [2028, '2028-01-26'],
    [2029, '2029-02-13'],
    // Not 2030-02-03: that is the Chinese date (UTC+8). The new moon is at about 16:09 UTC on 2/2/2030,
    // i.e. 23:09 on 2/2 in Việt Nam but 00:09 on 3/2 in China, so the Vietnamese Tết is one day earlier.
    [2030, '2030-02-02'],
  ])('mùng 1 Tết %i is %s', (year, expected) => {
    expect(lunarToSolar(year, 1, 1)).toBe(expected);
  });

  it.each([
    [2024, '2024-04-18'],
    [2025, '2025-04-07'],
    [2026, '2026-04-26'],
    [2023, '2023-04-29'], // a year with a leap 2nd month
  ])('Giỗ Tổ Hùng Vương (10/3 âm lịch) %i is %s', (year, expected) => {
    expect(lunarToSolar(year, 3, 10)).toBe(expected);
  });

  it('uses Vietnam time, where the Vietnamese and Chinese calendars differ', () => {
    expect(lunarToSolar(2007, 1, 1)).toBe('2007-02-17'); // China: 2007-02-18
    expect(lunarToSolar(1985, 1, 1)).toBe('1985-01-21'); // China: 1985-02-20
  });

  it('handles leap months and refuses dates that do not exist', () => {
    expect(lunarToSolar(2025, 6, 1, true)).toBe('2025-07-25'); // tháng 6 nhuận Ất Tỵ
    expect(lunarToSolar(2025, 7, 1)).toBe('2025-08-23');
    expect(() => lunarToSolar(2024, 6, 1, true)).toThrow(/no leap month/);
    expect(() => lunarToSolar(2025, 5, 1, true)).toThrow(/month 5 has no leap month/);
    expect(lunarToSolar(2024, 12, 29)).toBe('2025-01-28'); // tháng Chạp Giáp Thìn has 29 days…
    expect(() => lunarToSolar(2024, 12, 30)).toThrow(/no day 30/); // …so there is no 30 tháng Chạp
    expect(() => lunarToSolar(2026, 13, 1)).toThrow(/no month 13/);
    expect(() => lunarToSolar(1800, 1, 1)).toThrow(/outside 1900–2199/);
  });
});

describe('the shipped data 2024–2030', () => {
  it('lies inside 2024-01-01 .. 2030-12-31, sorted, with no date twice and a basis for every day', () => {
    expect(VIETNAM_CALENDAR.from).toBe('2024-01-01');
    expect(VIETNAM_CALENDAR.to).toBe('2030-12-31');
    const dates = VIETNAM_CALENDAR.days.map((d) => d.date);
    for (const day of VIETNAM_CALENDAR.days) {
      expect(day.date >= '2024-01-01' && day.date <= '2030-12-31').toBe(true);
      expect(day.basis.length).toBeGreaterThan(0);
      expect(day.name.length).toBeGreaterThan(0);
    }
    expect(new Set(dates).size).toBe(dates.length);
    expect(dates).toEqual([...dates].sort());
    expect(() => workingCalendar(VIETNAM_CALENDAR)).not.toThrow();
  });

  it.each([2024, 2025, 2026, 2027, 2028, 2029, 2030])('%i has the 11 statutory holidays of Điều 112', (year) => {
    expect(VIETNAM_CALENDAR.days.filter((d) => d.date.startsWith(`${year}-`) && d.kind === 'holiday')).toHaveLength(11);
  });

  it('ships the announced schedules with their decisions and marks everything else as computed', () => {
    expect(dayOf('2024-02-13')).toMatchObject({ kind: 'compensatory', basis: expect.stringContaining('5015/TB-LĐTBXH') });
    expect(dayOf('2024-04-29')).toMatchObject({ kind: 'day-off', basis: expect.stringContaining('2450/VPCP-KGVX') });
    expect(dayOf('2025-05-02')).toMatchObject({ kind: 'day-off', basis: expect.stringContaining('8726/VPCP-KGVX') });
    expect(dayOf('2026-02-17')).toMatchObject({ kind: 'holiday', basis: expect.stringContaining('9441/TB-BNV') });
    expect(dayOf('2026-01-10')).toMatchObject({ kind: 'makeup-working-day', basis: expect.stringContaining('12729/VPCP-KGVX') });
    expect(dayOf('2026-04-27')).toMatchObject({ kind: 'compensatory', basis: COMPUTED_BASIS }); // Giỗ Tổ on Sunday 26/4/2026
    expect(dayOf('2027-02-06')?.basis).toBe(COMPUTED_BASIS);
    expect(VIETNAM_CALENDAR.days.filter((d) => d.date >= '2027-01-01').every((d) => d.basis === COMPUTED_BASIS)).toBe(true);
    expect(COMPUTED_BASIS).toBe('mặc định chính sách (tính theo Bộ luật Lao động 2019 Điều 111–112)');
  });

  it('is exported from the domain', () => {
    expect(fromDomainIndex().isWorkingDay('2026-02-17')).toBe(false);
  });
});

describe('Tết', () => {
  it('2024 (Giáp Thìn, official): 8/2–14/2, mùng 1–2 on the weekend compensated on 13–14/2', () => {
    on('2024-02-07');
    range('2024-02-08', '2024-02-14').forEach(off);
    on('2024-02-15');
  });

  it('2025 (Ất Tỵ, official): 25/1–2/2 — five Tết days 27–31/1 and two weekends, no swap', () => {
    on('2025-01-24');
    range('2025-01-25', '2025-02-02').forEach(off);
    on('2025-02-03');
    off('2025-02-08'); // an ordinary Saturday: nothing was made up
    expect(
      calendar
        .daysOff(2025)
        .filter((d) => d.name.startsWith('Tết Âm lịch'))
        .map((d) => d.date),
    ).toEqual(['2025-01-27', '2025-01-28', '2025-01-29', '2025-01-30', '2025-01-31']);
  });

  it('2026 (Bính Ngọ, official): 14/2–22/2 off; 15 working days after 10/2 skip it', () => {
    on('2026-02-13');
    range('2026-02-14', '2026-02-22').forEach(off);
    on('2026-02-23');
    // From Tue 10/2/2026: Wed 11 (1), Thu 12 (2), Fri 13 (3), [Sat 14 – Sun 22 off], Mon 23 (4), Tue 24 (5),
    // Wed 25 (6), Thu 26 (7), Fri 27 (8), Mon 2/3 (9), Tue 3 (10), Wed 4 (11), Thu 5 (12), Fri 6 (13),
    // Mon 9 (14), Tue 10/3 (15).
    expect(calendar.addWorkingDays('2026-02-10', 15)).toBe('2026-03-10');
    expect(calendar.addWorkingDays('2026-02-13', 1)).toBe('2026-02-23');
    expect(calendar.nextWorkingDay('2026-02-14')).toBe('2026-02-23');
  });

  it('2027 (Đinh Mùi, computed): last day of the year + mùng 1–4, mùng 1–2 on the weekend compensated', () => {
    // Fri 5/2 (last day of Bính Ngọ), Sat 6 (mùng 1), Sun 7, Mon 8, Tue 9 (mùng 4); bù Wed 10, Thu 11.
    expect(
      calendar
        .daysOff(2027)
        .filter((d) => d.date.startsWith('2027-02'))
        .map((d) => [d.date, d.kind]),
    ).toEqual([
      ['2027-02-05', 'holiday'],
      ['2027-02-06', 'holiday'],
      ['2027-02-07', 'holiday'],
      ['2027-02-08', 'holiday'],
      ['2027-02-09', 'holiday'],
      ['2027-02-10', 'compensatory'],
      ['2027-02-11', 'compensatory'],
    ]);
    on('2027-02-04');
    range('2027-02-05', '2027-02-11').forEach(off);
    on('2027-02-12');
    // From Wed 3/2/2027: Thu 4 (1), [Fri 5 – Thu 11 off], Fri 12 (2), [Sat 13, Sun 14], Mon 15 (3), Tue 16 (4).
    expect(calendar.addWorkingDays('2027-02-03', 1)).toBe('2027-02-04');
    expect(calendar.addWorkingDays('2027-02-03', 2)).toBe('2027-02-12');
    expect(calendar.addWorkingDays('2027-02-03', 3)).toBe('2027-02-15');
    expect(calendar.addWorkingDays('2027-02-03', 4)).toBe('2027-02-16');
  });
});

describe('30/4 – 1/5', () => {
  it('2025 (official): off Wed 30/4 – Sun 4/5, Fri 2/5 made up on Sat 26/4', () => {
    on('2025-04-26');
    on('2025-04-29');
    range('2025-04-30', '2025-05-04').forEach(off);
    on('2025-05-05');
    // From Tue 29/4/2025: [Wed 30/4 – Sun 4/5 off], Mon 5/5 (1).
    expect(calendar.addWorkingDays('2025-04-29', 1)).toBe('2025-05-05');
    // From Thu 24/4: Fri 25 (1), Sat 26 made up (2), Mon 28 (3), Tue 29 (4), Mon 5/5 (5).
    expect(calendar.addWorkingDays('2025-04-24', 5)).toBe('2025-05-05');
  });

  it('2024 (official): off Sat 27/4 – Wed 1/5, Mon 29/4 made up on Sat 4/5', () => {
    range('2024-04-27', '2024-05-01').forEach(off);
    on('2024-05-02');
    on('2024-05-04');
    expect(calendar.addWorkingDays('2024-04-26', 1)).toBe('2024-05-02');
  });

  it('2026 (by rule): Giỗ Tổ on Sunday 26/4 compensated on Monday 27/4, then 30/4 and 1/5 (Thu, Fri)', () => {
    off('2026-04-26');
    off('2026-04-27');
    on('2026-04-28');
    on('2026-04-29');
    off('2026-04-30');
    off('2026-05-01');
    // From Fri 24/4/2026: [Sat 25 – Mon 27 off], Tue 28 (1), Wed 29 (2), [Thu 30/4 – Sun 3/5 off], Mon 4/5 (3).
    expect(calendar.addWorkingDays('2026-04-24', 3)).toBe('2026-05-04');
  });
});

describe('compensatory days (Điều 111 khoản 3)', () => {
  it('1/1/2028 is a Saturday: compensated on Monday 3/1/2028', () => {
    expect(dayOf('2028-01-03')).toMatchObject({ kind: 'compensatory', basis: COMPUTED_BASIS });
    off('2028-01-03');
    on('2028-01-04');
    expect(calendar.nextWorkingDay('2027-12-31')).toBe('2027-12-31');
    expect(calendar.addWorkingDays('2027-12-31', 1)).toBe('2028-01-04');
  });

  it('2/9/2028 is a Saturday: Fri 1/9 is the adjacent day and 2/9 is compensated on Monday 4/9', () => {
    expect(dayOf('2028-09-01')?.kind).toBe('holiday');
    expect(dayOf('2028-09-04')?.kind).toBe('compensatory');
    range('2028-09-01', '2028-09-04').forEach(off);
    on('2028-09-05');
  });

  it('2/9/2029 is a Sunday: Mon 3/9 is the adjacent day and 2/9 is compensated on Tuesday 4/9', () => {
    expect(dayOf('2029-09-03')?.kind).toBe('holiday');
    expect(dayOf('2029-09-04')?.kind).toBe('compensatory');
    expect(calendar.addWorkingDays('2029-08-31', 1)).toBe('2029-09-05');
  });

  it('2/9/2026 (official): 1/9 and 2/9, with Mon 31/8 swapped for Sat 22/8', () => {
    on('2026-08-22');
    range('2026-08-29', '2026-09-02').forEach(off);
    on('2026-09-03');
    expect(dayOf('2026-08-31')?.kind).toBe('day-off');
  });
});

describe('makeup working days', () => {
  it.each(['2024-05-04', '2025-04-26', '2026-01-10', '2026-08-22'])('Saturday %s is worked and counts as a working day', (day) => {
    on(day);
    expect(calendar.nextWorkingDay(day)).toBe(day);
  });

  it('an ordinary Saturday is not, and a makeup Saturday is counted by addWorkingDays', () => {
    off('2026-01-17');
    // From Fri 9/1/2026: Sat 10/1 made up (1), Mon 12/1 (2).
    expect(calendar.addWorkingDays('2026-01-09', 1)).toBe('2026-01-10');
    expect(calendar.addWorkingDays('2026-01-09', 2)).toBe('2026-01-12');
    // Tết Dương lịch 2026: Thu 1/1 holiday, Fri 2/1 swapped off.
    off('2026-01-01');
    off('2026-01-02');
    expect(calendar.addWorkingDays('2025-12-31', 1)).toBe('2026-01-05');
  });

  it('daysOff lists only days off, by date', () => {
    const days = calendar.daysOff(2026);
    expect(days.some((d) => d.kind === 'makeup-working-day')).toBe(false);
    expect(days.map((d) => d.date)).toEqual([...days.map((d) => d.date)].sort());
    expect(days.map((d) => d.date)).toContain('2026-08-31');
  });
});

describe('addWorkingDays / nextWorkingDay', () => {
  it('n = 0 is the day itself when working, else the next working day', () => {
    expect(calendar.addWorkingDays('2026-03-10', 0)).toBe('2026-03-10');
    expect(calendar.addWorkingDays('2026-03-14', 0)).toBe('2026-03-16');
    expect(calendar.addWorkingDays('2026-02-14', 0)).toBe('2026-02-23');
  });

  it('counts from the day after, also from a non-working day', () => {
    expect(calendar.addWorkingDays('2026-03-13', 1)).toBe('2026-03-16'); // Fri → Mon
    expect(calendar.addWorkingDays('2026-03-14', 1)).toBe('2026-03-16'); // Sat → Mon
    expect(calendar.addWorkingDays('2026-03-14', 5)).toBe('2026-03-20');
  });

  it('refuses a malformed day or a negative / fractional count', () => {
    expect(() => calendar.addWorkingDays('2026-02-30', 1)).toThrow(/YYYY-MM-DD/);
    expect(() => calendar.isWorkingDay('10/02/2026')).toThrow(/YYYY-MM-DD/);
    expect(() => calendar.addWorkingDays('2026-02-10', -1)).toThrow(/integer ≥ 0/);
    expect(() => calendar.addWorkingDays('2026-02-10', 1.5)).toThrow(/integer ≥ 0/);
  });
});

describe('outside the data range: the statutory rule, not silence', () => {
  it('2031: Tết, Giỗ Tổ and the fixed holidays are computed by Điều 112, weekends compensated', () => {
    expect(lunarToSolar(2031, 1, 1)).toBe('2031-01-23');
    off('2031-01-01');
    range('2031-01-22', '2031-01-28').forEach(off); // last day + mùng 1–4 (Thu–Sun), bù Mon 27, Tue 28
    on('2031-01-29');
    off(lunarToSolar(2031, 3, 10));
    off('2031-04-30');
    off('2031-09-02');
    expect(calendar.daysOff(2031)).toEqual(ruleDays(2031));
    expect(calendar.daysOff(2031).every((d) => d.basis === COMPUTED_BASIS)).toBe(true);
  });

  it('1/1/2033 is a Saturday: compensated on Monday 3/1/2033; a working day crossing the boundary', () => {
    off('2033-01-03');
    expect(calendar.addWorkingDays('2030-12-31', 1)).toBe('2031-01-02');
    expect(calendar.addWorkingDays('2032-12-31', 1)).toBe('2033-01-04');
  });

  it('a calendar with a smaller range falls back to the rule at its edges', () => {
    const only2025: CalendarData = { from: '2025-01-01', to: '2025-12-31', days: VIETNAM_CALENDAR.days.filter((d) => d.date.startsWith('2025-')) };
    const small = workingCalendar(only2025);
    off('2026-01-02'); // the full calendar knows the 2026 swap…
    expect(small.isWorkingDay('2026-01-02')).toBe(true); // …the rule alone: 1/1 only, 2/1 is a Friday
    expect(small.isWorkingDay('2026-01-01')).toBe(false);
    expect(small.isWorkingDay('2026-01-10')).toBe(false); // no made-up Saturday outside the data
    expect(small.isWorkingDay('2026-02-16')).toBe(false); // last day of Ất Tỵ, by rule
  });
});

describe('withCalendarOverrides', () => {
  it('adds a day off and removes a swap', () => {
    const merged = withCalendarOverrides(VIETNAM_CALENDAR, {
      add: [{ date: '2026-11-24', kind: 'holiday', name: 'Ngày Văn hóa Việt Nam', basis: 'Nghị quyết 80-NQ/TW' }],
      remove: ['2026-08-31', '2026-08-22'],
    });
    const c = workingCalendar(merged);
    expect(c.isWorkingDay('2026-11-24')).toBe(false);
    expect(c.isWorkingDay('2026-08-31')).toBe(true);
    expect(c.isWorkingDay('2026-08-22')).toBe(false);
    expect(c.addWorkingDays('2026-11-23', 1)).toBe('2026-11-25');
    expect(merged.days.find((d) => d.date === '2026-11-24')?.basis).toBe('Nghị quyết 80-NQ/TW');
    // The shipped data is untouched.
    expect(calendar.isWorkingDay('2026-11-24')).toBe(true);
    expect(VIETNAM_CALENDAR.days.some((d) => d.date === '2026-08-31')).toBe(true);
  });

  it('accepts the file content as text, and an added day replaces the day on that date', () => {
    const merged = withCalendarOverrides(
      VIETNAM_CALENDAR,
      JSON.stringify({
        add: [{ date: '2027-02-11', kind: 'day-off', name: 'x', basis: 'y' }],
      }),
    );
    expect(merged.days.find((d) => d.date === '2027-02-11')).toEqual({ date: '2027-02-11', kind: 'day-off', name: 'x', basis: 'y' });
    expect(merged.days).toHaveLength(VIETNAM_CALENDAR.days.length);
  });

  it.each<[string, unknown, RegExp]>([
    ['not an object', ['2026-01-01'], /expected an object/],
    ['not JSON', '{ add: ', /not valid JSON/],
    ['an unknown key', { added: [] }, /unknown key\(s\) added/],
    ['add not an array', { add: { date: '2026-11-24' } }, /"add" must be an array/],
    [
      'a malformed date',
      {
        add: [
          { date: '2026-11-24', kind: 'holiday', name: 'a', basis: 'b' },
          { date: '2026-02-30', kind: 'holiday', name: 'a', basis: 'b' },
        ],
      },
      /add\[1\] .*2026-02-30.*date must be a calendar day/,
    ],
    ['an unknown kind', { add: [{ date: '2026-11-24', kind: 'vacation', name: 'a', basis: 'b' }] }, /add\[0\] .*vacation.*kind must be one of/],
    ['a missing basis', { add: [{ date: '2026-11-24', kind: 'holiday', name: 'a' }] }, /add\[0\] .*basis must be a non-empty string/],
    ['an unknown field', { add: [{ date: '2026-11-24', kind: 'holiday', name: 'a', basis: 'b', note: 'c' }] }, /add\[0\] .*unknown field\(s\) note/],
    ['a weekday made up', { add: [{ date: '2026-11-24', kind: 'makeup-working-day', name: 'a', basis: 'b' }] }, /add\[0\] .*Saturday or Sunday/],
    [
      'a day outside the range',
      { add: [{ date: '2031-11-24', kind: 'holiday', name: 'a', basis: 'b' }] },
      /add\[0\] .*2031-11-24.*outside the calendar range/,
    ],
    [
      'a date added twice',
      {
        add: [
          { date: '2026-11-24', kind: 'holiday', name: 'a', basis: 'b' },
          { date: '2026-11-24', kind: 'day-off', name: 'a', basis: 'b' },
        ],
      },
      /add\[1\] .*added twice/,
    ],
    ['a malformed removal', { remove: ['2026-08-31', 20260101] }, /remove\[1\] 20260101: must be a calendar day/],
    ['removing a day that is not there', { remove: ['2026-03-10'] }, /remove\[0\] "2026-03-10": no such day/],
  ])('rejects %s, naming the entry', (_, override, message) => {
    expect(() => withCalendarOverrides(VIETNAM_CALENDAR, override)).toThrow(message);
  });

  it('workingCalendar refuses data with a date twice, naming it', () => {
    const twice: CalendarData = {
      ...VIETNAM_CALENDAR,
      days: [...VIETNAM_CALENDAR.days, { date: '2026-02-17', kind: 'holiday', name: 'x', basis: 'y' }],
    };
    expect(() => workingCalendar(twice)).toThrow(/2026-02-17 appears twice/);
  });
});
