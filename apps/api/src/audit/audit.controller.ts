import { Controller, Get, Inject, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiQuery, ApiTags } from '@nestjs/swagger';
import { EVENT_STORE } from '@app/application';
import { EventStore } from '@app/event-store';
import { Roles } from '../auth/auth';

@ApiTags('kiểm toán')
@ApiBearerAuth()
@Controller('audit')
export class AuditController {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  /** Recomputes the hash chain of one stream or of the whole store; names the first broken link. */
  @Get('verify')
  @Roles('auditor', 'admin')
  @ApiQuery({ name: 'stream', required: false, description: 'vd. de-an-<id> hoặc plan-<id>' })
  verify(@Query('stream') stream?: string) {
    return this.store.verify(stream ? { streamId: stream.slice(0, 200) } : {});
  }
}
