/**
 * Calendar days are counted in Asia/Ho_Chi_Minh (UTC+7, no daylight saving since 1975),
 * so an act recorded at 23:30 UTC on 19/5 happened on 20/5 for the user.
 */
export type IsoDate = string; // YYYY-MM-DD

const VIETNAM_OFFSET_MS = 7 * 60 * 60 * 1000;
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

export function isIsoDate(value: unknown): value is IsoDate {
  if (typeof value !== 'string') return false;
  const match = ISO_DATE.exec(value);
  if (!match) return false;
  const [, y, m, d] = match;
  const date = new Date(Date.UTC(Number(y), Number(m) - 1, Number(d)));
  return date.getUTCFullYear() === Number(y) && date.getUTCMonth() === Number(m) - 1 && date.getUTCDate() === Number(d);
}

/** The calendar day in Vietnam on which an instant falls. */
export const vietnamDay = (instant: Date): IsoDate => new Date(instant.getTime() + VIETNAM_OFFSET_MS).toISOString().slice(0, 10);

/** ISO dates compare correctly as strings. */
export const isBefore = (a: IsoDate, b: IsoDate): boolean => a < b;

export const isoDate = (year: number, month: number, day: number): IsoDate =>
  `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;

export const yearOf = (date: IsoDate): number => Number(date.slice(0, 4));
