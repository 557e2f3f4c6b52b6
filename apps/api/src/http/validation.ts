/** The global ValidationPipe: whitelist, refuse unknown fields, transform; every failure is a 400 problem naming its fields. */
import { ValidationError, ValidationPipe } from '@nestjs/common';
import { FieldError, problem, ProblemException } from './problem';

function flatten(errors: readonly ValidationError[], parent = ''): FieldError[] {
  return errors.flatMap((error) => {
    const field = parent ? (/^\d+$/.test(error.property) ? `${parent}[${error.property}]` : `${parent}.${error.property}`) : error.property;
    const own = Object.values(error.constraints ?? {}).map((message) => ({ field, message }));
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
