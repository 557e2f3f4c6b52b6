/**
 * GET /deadlines (open deadlines, or only the overdue ones) and GET /notifications (reminders and
 * missed deadlines addressed to the caller), scoped by the access policy like the đề án list
 * (libs/access/src/access.ts): a council member sees only the đề án they are assigned to.
 */
import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Actor } from '@app/domain';
import { deAnScope } from '@app/access';
import { listDeadlines } from '@app/projections';
import { listNotifications } from '@app/scheduler';
import { CurrentActor, Roles } from '../auth/auth';
import { ReadModels } from '../read/read-models.service';
import { ListDeadlinesQuery, ListNotificationsQuery } from './deadlines.dto';

@ApiTags('thời hạn')
@ApiBearerAuth()
@Controller()
export class DeadlinesController {
  constructor(private readonly read: ReadModels) {}

  @Get('deadlines')
  @Roles('applicant', 'officer', 'council', 'approver', 'finance', 'auditor', 'admin')
  @ApiOperation({ summary: 'Các thời hạn đang mở của đề án (overdue=true: đã quá hạn)' })
  deadlines(@CurrentActor() actor: Actor, @Query() query: ListDeadlinesQuery) {
    const { overdue, limit, ...filter } = query;
    return listDeadlines(this.read.sql, this.read.schema, deAnScope(actor), {
      ...filter,
      limit: limit ?? 100,
      ...(overdue === 'true' ? { overdueAt: new Date() } : {}),
    });
  }

  @Get('notifications')
  @Roles('applicant', 'officer', 'council', 'approver', 'finance', 'auditor', 'admin')
  @ApiOperation({ summary: 'Thông báo nhắc hạn và quá hạn gửi tới người dùng (mới nhất trước)' })
  notifications(@CurrentActor() actor: Actor, @Query() query: ListNotificationsQuery) {
    return listNotifications(this.read.sql, this.read.schema, actor, { ...(query.deAnId ? { deAnId: query.deAnId } : {}), limit: query.limit ?? 50 });
  }
}
