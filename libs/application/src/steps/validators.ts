/** Reusable field validators: money in integer đồng, ISO dates that exist, bounded text, province codes, organisation ids, nested lists. */
import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsInt,
  IsNotEmpty,
  IsOptional,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateBy,
  ValidateNested,
} from 'class-validator';
import { isIsoDate, ORGANISATION_ID } from '@app/domain';

export const IsDong = (description = 'Số tiền, đồng (số nguyên)', optional = false) =>
  applyDecorators(
    (optional ? ApiPropertyOptional : ApiProperty)({ type: 'integer', minimum: 0, description, example: 300_000_000 }),
    ...(optional ? [IsOptional()] : []),
    IsInt({ message: 'phải là số nguyên đồng' }),
    Min(0, { message: 'không được âm' }),
    Max(Number.MAX_SAFE_INTEGER, { message: 'vượt giới hạn' }),
  );

export const IsIsoDateField = (description = 'Ngày (YYYY-MM-DD)', optional = false) =>
  applyDecorators(
    (optional ? ApiPropertyOptional : ApiProperty)({ type: 'string', format: 'date', description, example: '2026-03-01' }),
    ...(optional ? [IsOptional()] : []),
    ValidateBy({
      name: 'isIsoDate',
      validator: { validate: (value) => isIsoDate(value), defaultMessage: () => 'phải là ngày hợp lệ dạng YYYY-MM-DD' },
    }),
  );

export const Text = (max: number, description?: string, optional = false) =>
  applyDecorators(
    (optional ? ApiPropertyOptional : ApiProperty)({ type: 'string', maxLength: max, ...(description ? { description } : {}) }),
    ...(optional ? [IsOptional()] : [IsNotEmpty({ message: 'không được để trống' })]),
    IsString({ message: 'phải là chuỗi ký tự' }),
    MaxLength(max, { message: `dài quá ${max} ký tự` }),
  );

/** A province code: two digits; whether the code exists on the act's date the decider checks (requireProvinceOn). */
export const ProvinceCode = (description = 'Mã tỉnh (2 chữ số, danh mục đơn vị hành chính)', optional = false) =>
  applyDecorators(
    (optional ? ApiPropertyOptional : ApiProperty)({ type: 'string', pattern: '^[0-9]{2}$', description, example: '52' }),
    ...(optional ? [IsOptional()] : [IsNotEmpty({ message: 'không được để trống' })]),
    Matches(/^[0-9]{2}$/, { message: 'mã tỉnh gồm 2 chữ số, ví dụ "52"' }),
  );

/** An organisation id (ORGANISATION_ID in libs/domain/src/shared/guards.ts). */
export const OrganisationId = (description = 'Mã tổ chức', optional = false) =>
  applyDecorators(
    (optional ? ApiPropertyOptional : ApiProperty)({ type: 'string', pattern: ORGANISATION_ID.source, description, example: 'htx-an-nhon' }),
    ...(optional ? [IsOptional()] : [IsNotEmpty({ message: 'không được để trống' })]),
    Matches(ORGANISATION_ID, {
      message: 'chỉ gồm 2–100 chữ thường không dấu (a–z), chữ số, ".", "_" hoặc "-", bắt đầu và kết thúc bằng chữ hoặc số',
    }),
  );

/**
 * A list of at most `max` objects of `type`, each validated as its class says. The decorators are given
 * in the order they run when stacked on a property (bottom-up), so the messages come as they always have.
 */
export const ListOf = (type: () => new () => object, max: number, options: { optional?: boolean; min?: number; description?: string } = {}) =>
  applyDecorators(
    Type(type),
    ValidateNested({ each: true }),
    ArrayMaxSize(max),
    ...(options.min !== undefined ? [ArrayMinSize(options.min)] : []),
    IsArray(),
    ...(options.optional ? [IsOptional()] : []),
    (options.optional ? ApiPropertyOptional : ApiProperty)({ type: [type()], ...(options.description ? { description: options.description } : {}) }),
  );
