import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Matches, Max, MaxLength, Min } from 'class-validator';
import { LIFECYCLE_STATUSES } from '@app/domain';

const STATUSES = [...LIFECYCLE_STATUSES];

export class ListDeAnQuery {
  @ApiPropertyOptional({ enum: STATUSES }) @IsOptional() @IsIn(STATUSES, { message: 'trạng thái không hợp lệ' }) status?: string;
  @ApiPropertyOptional() @IsOptional() @Type(() => Number) @IsInt({ message: 'phải là số nguyên' }) @Min(2000) @Max(2100) planYear?: number;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(20) province?: string;
  @ApiPropertyOptional() @IsOptional() @IsIn(['1', '2', '3', '4', '5', '6', '7', '8', '9'], { message: 'phải là "1" … "9"' }) contentArea?: string;
  @ApiPropertyOptional({ enum: ['KCQG', 'KCDP'] })
  @IsOptional()
  @IsIn(['KCQG', 'KCDP'], { message: 'phải là KCQG hoặc KCDP' })
  fundingSource?: string;
  @ApiPropertyOptional({ default: 50, maximum: 200 })
  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: 'phải là số nguyên' })
  @Min(1)
  @Max(200)
  limit?: number;
  @ApiPropertyOptional({ description: 'nextCursor của trang trước' })
  @IsOptional()
  @Matches(/^[0-9a-f-]{36}$/, { message: 'cursor không hợp lệ' })
  cursor?: string;
}

export class ListPlansQuery {
  @ApiPropertyOptional() @IsOptional() @Type(() => Number) @IsInt({ message: 'phải là số nguyên' }) @Min(2000) @Max(2100) year?: number;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(20) province?: string;
}
