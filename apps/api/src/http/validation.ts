/** The global ValidationPipe: whitelist, refuse unknown fields, transform; every failure is a 400 problem naming its fields. */
import { ValidationError, ValidationPipe } from '@nestjs/common';
import { FieldError, problem, ProblemException } from './problem';

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

export const validationPipe = () =>
  new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    forbidUnknownValues: true,
    validationError: { target: false, value: false },
    exceptionFactory: (errors) => new ProblemException(problem(400, 'Một số trường không hợp lệ', { errors: flatten(errors) })),
  });
