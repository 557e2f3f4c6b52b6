/**
 * Money is integer đồng (VND) everywhere. No helper here ever produces a float:
 * shares are computed with BigInt and rounded down, because a support amount may
 * never exceed the legal share of a cost.
 */
import { InvalidCommandError } from './errors';

export type Dong = number;

export const TRIEU: Dong = 1_000_000;

/** A whole number of triệu đồng, as caps are written in the legal texts. */
export const trieu = (millions: number): Dong => {
  if (!Number.isSafeInteger(millions)) throw new RangeError(`trieu() takes whole millions, got ${millions}`);
  return millions * TRIEU;
};

export const isDong = (value: unknown): value is Dong => typeof value === 'number' && Number.isSafeInteger(value) && value >= 0;

/** Guards a money field of a command: a non-negative safe integer of đồng. */
export function requireDong(value: unknown, field: string): Dong {
  if (!isDong(value)) throw new InvalidCommandError(field, 'phải là số nguyên đồng không âm');
  return value;
}

/** Basis points: 10,000 = 100 %. Shares of money are written in basis points, never as fractions. */
export type BasisPoints = number;
export const WHOLE: BasisPoints = 10_000;

/** floor(amount × bps / 10,000), exact for any safe-integer amount. */
export const shareOf = (amount: Dong, bps: BasisPoints): Dong => Number((BigInt(amount) * BigInt(bps)) / BigInt(WHOLE));

/** floor(amount × numerator / denominator), exact. */
export const scale = (amount: Dong, numerator: number, denominator: number): Dong =>
  Number((BigInt(amount) * BigInt(numerator)) / BigInt(denominator));

export const minDong = (first: Dong, ...rest: Dong[]): Dong => rest.reduce((a, b) => (b < a ? b : a), first);

export const sumDong = (amounts: readonly Dong[]): Dong => amounts.reduce((a, b) => a + b, 0);

/**
 * Display in triệu đồng with one decimal, Vietnamese separators ("1.389,6"), rounded half up
 * on the integer amount: 0.1 triệu = 100,000 đồng.
 */
export function formatTrieu(amount: Dong): string {
  const tenths = Math.floor((Math.abs(amount) + 50_000) / 100_000);
  const whole = Math.floor(tenths / 10)
    .toString()
    .replace(/\B(?=(\d{3})+(?!\d))/g, '.');
  return `${amount < 0 ? '-' : ''}${whole},${tenths % 10}`;
}
