/**
 * ISO 8601 durations (`P30D`, `P1M`, `PT5S`, `P1DT12H`) as the deadline policy writes them.
 * Years and months are calendar steps (31/1 + P1M = 28 or 29/2); weeks, days and times are exact.
 */
const DURATION = /^P(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)W)?(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:\.\d{1,3})?)S)?)?$/;

export interface Duration {
  readonly years: number;
  readonly months: number;
  /** Weeks, days, hours, minutes and seconds together. */
  readonly milliseconds: number;
}

export function isDuration(value: unknown): value is string {
  return typeof value === 'string' && parseDuration(value) !== undefined;
}

export function parseDuration(iso: string): Duration | undefined {
  const match = DURATION.exec(iso);
  if (!match || iso === 'P' || iso.endsWith('T')) return undefined;
  const [, y, mo, w, d, h, mi, s] = match.map((part) => (part === undefined ? 0 : Number(part)));
  return {
    years: y!,
    months: mo!,
    milliseconds: Math.round(((((w! * 7 + d!) * 24 + h!) * 60 + mi!) * 60 + s!) * 1000),
  };
}

/** `instant` moved by `iso` forwards (sign 1) or backwards (sign -1). */
export function shiftInstant(instant: string, iso: string, sign: 1 | -1 = 1): string {
  const duration = parseDuration(iso);
  if (!duration) throw new Error(`not an ISO 8601 duration: ${iso}`);
  const date = new Date(instant);
  if (duration.years || duration.months) {
    const months = date.getUTCMonth() + sign * (duration.years * 12 + duration.months);
    const day = date.getUTCDate();
    date.setUTCDate(1);
    date.setUTCMonth(months);
    const lastDay = new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth() + 1, 0)).getUTCDate();
    date.setUTCDate(Math.min(day, lastDay));
  }
  return new Date(date.getTime() + sign * duration.milliseconds).toISOString();
}
