/** Reusable field validators: money in integer đồng, ISO dates that exist, bounded text. */
import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsInt, IsNotEmpty, IsOptional, IsString, Max, MaxLength, Min, ValidateBy } from 'class-validator';
import { isIsoDate } from '@app/domain';

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
    ValidateBy({ name: 'isIsoDate', validator: { validate: (value) => isIsoDate(value), defaultMessage: () => 'phải là ngày hợp lệ dạng YYYY-MM-DD' } }),
  );

export const Text = (max: number, description?: string, optional = false) =>
  applyDecorators(
    (optional ? ApiPropertyOptional : ApiProperty)({ type: 'string', maxLength: max, ...(description ? { description } : {}) }),
    ...(optional ? [IsOptional()] : [IsNotEmpty({ message: 'không được để trống' })]),
    IsString({ message: 'phải là chuỗi ký tự' }),
    MaxLength(max, { message: `dài quá ${max} ký tự` }),
  );
