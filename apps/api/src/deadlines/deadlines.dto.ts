import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import { DEADLINE_KINDS } from '@app/domain';

export class ListDeadlinesQuery {
  @ApiPropertyOptional({ description: 'true: chỉ các hạn đã quá mà chưa thực hiện', enum: ['true', 'false'] })
  @IsOptional()
  @IsIn(['true', 'false'], { message: 'phải là true hoặc false' })
  overdue?: 'true' | 'false';
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(20) province?: string;
  @ApiPropertyOptional({ enum: DEADLINE_KINDS }) @IsOptional() @IsIn(DEADLINE_KINDS, { message: 'loại thời hạn không hợp lệ' }) kind?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(100) deAnId?: string;
  @ApiPropertyOptional({ default: 100, maximum: 1000 })
  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: 'phải là số nguyên' })
  @Min(1)
  @Max(1000)
  limit?: number;
}

export class ListNotificationsQuery {
  @ApiPropertyOptional({ default: 50, maximum: 500 })
  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: 'phải là số nguyên' })
  @Min(1)
  @Max(500)
  limit?: number;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(100) deAnId?: string;
}
