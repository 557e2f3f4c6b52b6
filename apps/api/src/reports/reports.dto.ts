import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { Basis, BASES, Level, LEVELS } from '@app/domain';
import {
  IsIn,
  IsInt,
  IsNumber,
  IsOptional,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
  Validate,
  ValidatorConstraint,
  ValidatorConstraintInterface,
  ValidationArguments,
} from 'class-validator';

const INSTANT = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?(Z|[+-]\d{2}:\d{2}))?$/;

/** `to` must not come before `from`. */
@ValidatorConstraint({ name: 'periodOrder' })
class PeriodOrder implements ValidatorConstraintInterface {
  validate(to: number, args: ValidationArguments) {
    const from = (args.object as ReportQueryDto).from;
    return from === undefined || to === undefined || to >= from;
  }
  defaultMessage() {
    return 'năm kết thúc phải không nhỏ hơn năm bắt đầu';
  }
}

export class ReportQueryDto {
  @ApiPropertyOptional({ description: 'Năm kế hoạch đầu kỳ' })
  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: 'phải là số nguyên' })
  @Min(2000)
  @Max(2100)
  from?: number;
  @ApiPropertyOptional({ description: 'Năm kế hoạch cuối kỳ' })
  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: 'phải là số nguyên' })
  @Min(2000)
  @Max(2100)
  @Validate(PeriodOrder)
  to?: number;
  @ApiPropertyOptional({ description: 'Mã tỉnh (theo scheme)' }) @IsOptional() @IsString() @MaxLength(20) province?: string;
  @ApiPropertyOptional({ enum: ['KCQG', 'KCDP'] }) @IsOptional() @IsIn(['KCQG', 'KCDP'], { message: 'phải là KCQG hoặc KCDP' }) fundingSource?:
    'KCQG' | 'KCDP';
  @ApiPropertyOptional({ enum: LEVELS, description: 'Cấp quản lý đề án (trung ương, tỉnh, huyện, xã)' })
  @IsOptional()
  @IsIn(LEVELS, { message: `phải là ${LEVELS.join(', ')}` })
  level?: Level;
  @ApiPropertyOptional({ enum: BASES, default: 'approved', description: 'approved: kế hoạch; settled: quyết toán; estimated: ước thực hiện' })
  @IsOptional()
  @IsIn(BASES, { message: `phải là ${BASES.join(', ')}` })
  basis?: Basis;
  @ApiPropertyOptional({ description: 'Thời điểm (ISO 8601) tính báo cáo; ngày không giờ = hết ngày đó theo giờ Việt Nam' })
  @IsOptional()
  @Matches(INSTANT, { message: 'phải là ngày hoặc thời điểm ISO 8601' })
  asOf?: string;
  @ApiPropertyOptional({
    enum: ['occurred', 'recorded'],
    default: 'occurred',
    description: 'occurred: thời điểm nghiệp vụ; recorded: thời điểm hệ thống ghi nhận',
  })
  @IsOptional()
  @IsIn(['occurred', 'recorded'], { message: 'phải là occurred hoặc recorded' })
  asOfBy?: 'occurred' | 'recorded';
  @ApiPropertyOptional({ description: 'Kế hoạch (báo cáo mục tiêu)' }) @IsOptional() @IsString() @MaxLength(80) planId?: string;
  @ApiPropertyOptional({ description: 'Kế hoạch giai đoạn (báo cáo kế hoạch giai đoạn)' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  periodPlanId?: string;
  @ApiPropertyOptional({ description: 'Ngưỡng chênh lệch định giá máy móc (0,1 = 10 %)', default: 0.1 })
  @IsOptional()
  @Type(() => Number)
  @IsNumber({}, { message: 'phải là số' })
  @Min(0)
  @Max(10)
  threshold?: number;
  @ApiPropertyOptional({ enum: ['2004', '2025'], description: 'Đơn vị hành chính: trước (2004) hoặc sau 01/7/2025' })
  @IsOptional()
  @IsIn(['2004', '2025'], { message: 'phải là 2004 hoặc 2025' })
  scheme?: '2004' | '2025';
  @ApiPropertyOptional({
    enum: ['json', 'table', 'csv', 'xlsx'],
    default: 'json',
    description: 'table: the report laid out as the printed table (what CSV and XLSX show), as JSON',
  })
  @IsOptional()
  @IsIn(['json', 'table', 'csv', 'xlsx'], { message: 'phải là json, table, csv hoặc xlsx' })
  format?: 'json' | 'table' | 'csv' | 'xlsx';
}

/** A calendar day means the end of that day in Asia/Ho_Chi_Minh; an instant stays as given; undefined when not a real date. */
export function asOfInstant(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  const [y, m, d] = value.slice(0, 10).split('-').map(Number) as [number, number, number];
  const day = new Date(Date.UTC(y, m - 1, d));
  if (day.getUTCFullYear() !== y || day.getUTCMonth() !== m - 1 || day.getUTCDate() !== d) return undefined;
  const instant = Date.parse(value.length === 10 ? `${value}T23:59:59.999+07:00` : value);
  return Number.isNaN(instant) ? undefined : new Date(instant).toISOString();
}
