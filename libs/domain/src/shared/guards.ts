/** The domain's own guards on command data (the HTTP edge validates first; imports and the CLI rely on these). */
import { isIsoDate, IsoDate } from './dates';
import { InvalidCommandError } from './errors';
import { ResultLine } from './messages';
import { Dong, requireDong } from './money';

export function requireText(value: unknown, field: string, maxLength = 2_000): string {
  if (typeof value !== 'string' || value.trim().length === 0) throw new InvalidCommandError(field, 'không được để trống');
  if (value.length > maxLength) throw new InvalidCommandError(field, `dài quá ${maxLength} ký tự`);
  return value;
}

export function requireDate(value: unknown, field: string): IsoDate {
  if (!isIsoDate(value)) throw new InvalidCommandError(field, 'phải là ngày hợp lệ dạng YYYY-MM-DD');
  return value;
}

export function requireInteger(value: unknown, field: string, min: number, max: number): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    throw new InvalidCommandError(field, `phải là số nguyên từ ${min} đến ${max}`);
  }
  return value;
}

export function requirePositiveDong(value: unknown, field: string): Dong {
  const amount = requireDong(value, field);
  if (amount === 0) throw new InvalidCommandError(field, 'phải lớn hơn 0');
  return amount;
}

export function requireResults(lines: readonly ResultLine[], field: string): void {
  if (!Array.isArray(lines)) throw new InvalidCommandError(field, 'phải là danh sách');
  lines.forEach((line, i) => {
    requireText(line.indicator, `${field}[${i}].indicator`, 500);
    requireText(line.unit, `${field}[${i}].unit`, 100);
    if (typeof line.quantity !== 'number' || !Number.isFinite(line.quantity) || line.quantity < 0) {
      throw new InvalidCommandError(`${field}[${i}].quantity`, 'phải là số không âm');
    }
  });
}

/**
 * An organisation id (the applicant's `org`): 2–100 characters of lower-case ASCII letters, digits,
 * `.`, `_` and `-`, starting and ending with a letter or digit. One spelling per organisation:
 * look-alikes (Cyrillic "о", full-width letters, capitals, spaces) are refused, not folded.
 */
export const ORGANISATION_ID = /^[a-z0-9](?:[a-z0-9._-]{0,98}[a-z0-9])$/;
export const isOrganisationId = (value: unknown): value is string => typeof value === 'string' && ORGANISATION_ID.test(value);

export function requireOrganisationId(value: unknown, field: string): string {
  if (!isOrganisationId(value)) {
    throw new InvalidCommandError(
      field,
      'mã tổ chức chỉ gồm 2–100 chữ thường không dấu (a–z), chữ số, ".", "_" hoặc "-", bắt đầu và kết thúc bằng chữ hoặc số',
    );
  }
  return value;
}
