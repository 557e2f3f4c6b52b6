/**
 * The validation of every request body, one set of rules for the HTTP edge and the import: class-
 * validator DTOs, unknown fields refused, every failure named by its field, in Vietnamese.
 */
import { ValidationError, ValidationPipe } from '@nestjs/common';
import { ClassConstructor } from 'class-transformer';

export interface FieldError {
  readonly field: string;
  readonly message: string;
}

/** A body that does not match its DTO: the fields at fault (400 at the edge). */
export class BodyValidationError extends Error {
  constructor(readonly errors: readonly FieldError[]) {
    super(`invalid body: ${errors.map((e) => e.field).join(', ')}`);
    this.name = 'BodyValidationError';
  }
}

/** Vietnamese messages for class-validator's built-in constraints that carry English defaults. */
const VIETNAMESE: Readonly<Record<string, string>> = {
  whitelistValidation: 'trường không được phép',
  nestedValidation: 'phải là đối tượng hợp lệ',
  isObject: 'phải là đối tượng',
  isArray: 'phải là danh sách',
  arrayMinSize: 'danh sách quá ít phần tử',
  arrayMaxSize: 'danh sách quá nhiều phần tử',
  min: 'nhỏ hơn giá trị cho phép',
  max: 'lớn hơn giá trị cho phép',
  isString: 'phải là chuỗi ký tự',
  isBoolean: 'phải là true/false',
  isInt: 'phải là số nguyên',
  maxLength: 'quá dài',
  isDefined: 'không được để trống',
  unknownValue: 'dữ liệu không hợp lệ',
};

// class-validator's defaults are plain ASCII English; ours are Vietnamese.
const isEnglishDefault = (message: string) => [...message].every((c) => c.charCodeAt(0) < 128);
const inVietnamese = (key: string, message: string) => (isEnglishDefault(message) && VIETNAMESE[key] ? VIETNAMESE[key]! : message);

function flatten(errors: readonly ValidationError[], parent = ''): FieldError[] {
  return errors.flatMap((error) => {
    const field = parent ? (/^\d+$/.test(error.property) ? `${parent}[${error.property}]` : `${parent}.${error.property}`) : error.property;
    const own = Object.entries(error.constraints ?? {}).map(([key, message]) => ({ field, message: inVietnamese(key, message) }));
    return [...own, ...flatten(error.children ?? [], field)];
  });
}

/** The global pipe of the API: whitelist, refuse unknown fields, transform; a failure is a BodyValidationError. */
export const validationPipe = () =>
  new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    forbidUnknownValues: true,
    validationError: { target: false, value: false },
    exceptionFactory: (errors) => new BodyValidationError(flatten(errors)),
  });

const pipe = validationPipe();

/** The fields at fault in `body` against `dto` (none: it is valid), exactly as the API would answer. */
export async function bodyErrors(dto: ClassConstructor<object>, body: unknown): Promise<readonly FieldError[]> {
  try {
    await pipe.transform(body, { type: 'body', metatype: dto, data: '' });
    return [];
  } catch (error) {
    if (error instanceof BodyValidationError) return error.errors;
    throw error;
  }
}
