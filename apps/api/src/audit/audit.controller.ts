/** What an auditor checks: the hash chain, and which part of the record was imported, by whom. */
import { Controller, Get, Inject, Param, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiPropertyOptional, ApiQuery, ApiTags } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, Matches, Max, MaxLength, Min } from 'class-validator';
import { EVENT_STORE } from '@app/application';
import { EventStore } from '@app/event-store';
import { listImportBatches, listImportedEvents, READ_MODELS_SCHEMA } from '@app/projections';
import { Roles } from '../auth/auth';
import { notFound } from '../http/problem';
import { ReadModels } from '../read/read-models.service';

export class ListImportBatchesQuery {
  @ApiPropertyOptional({ description: 'Mã người nhập (sub)' }) @IsOptional() @IsString() @MaxLength(200) importedBy?: string;
  @ApiPropertyOptional({ default: 100 }) @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(500) limit?: number;
}

export class ListImportedEventsQuery {
  @ApiPropertyOptional({ default: 200 }) @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(1_000) limit?: number;
  @ApiPropertyOptional({ description: 'nextCursor của trang trước' })
  @IsOptional()
  @Matches(/^(de-an|plan)-[0-9a-f-]{36}@\d{1,9}$/, { message: 'không hợp lệ' })
  cursor?: string;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

@ApiTags('kiểm toán')
@ApiBearerAuth()
@Controller('audit')
export class AuditController {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly read: ReadModels,
  ) {}

  /** Recomputes the hash chain of one stream or of the whole store; names the first broken link. */
  @Get('verify')
  @Roles('auditor', 'admin')
  @ApiQuery({ name: 'stream', required: false, description: 'vd. de-an-<id> hoặc plan-<id>' })
  verify(@Query('stream') stream?: string) {
    return this.store.verify(stream ? { streamId: stream.slice(0, 200) } : {});
  }

  @Get('imports')
  @Roles('auditor', 'admin')
  @ApiOperation({ summary: 'Các lô nhập lịch sử: ai nhập, khi nào, bao nhiêu sự kiện và bản ghi (mới nhất trước)' })
  async imports(@Query() query: ListImportBatchesQuery) {
    return {
      items: await listImportBatches(this.read.sql, READ_MODELS_SCHEMA, {
        ...(query.importedBy !== undefined ? { importedBy: query.importedBy } : {}),
        limit: query.limit ?? 100,
      }),
    };
  }

  @Get('imports/:batchId/events')
  @Roles('auditor', 'admin')
  @ApiOperation({ summary: 'Các sự kiện của một lô nhập: người thực hiện theo hồ sơ cũ và người nhập' })
  async importedEvents(@Param('batchId') batchId: string, @Query() query: ListImportedEventsQuery) {
    if (!UUID.test(batchId)) throw notFound('Không tìm thấy lô nhập');
    const at = query.cursor?.lastIndexOf('@');
    const after = query.cursor && at !== undefined ? { streamId: query.cursor.slice(0, at), version: Number(query.cursor.slice(at + 1)) } : undefined;
    const page = await listImportedEvents(this.read.sql, READ_MODELS_SCHEMA, batchId, { ...(after ? { after } : {}), limit: query.limit ?? 200 });
    if (page.items.length === 0 && !after) throw notFound('Không tìm thấy lô nhập');
    return page;
  }
}
