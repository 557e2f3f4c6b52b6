/** GET /de-an and GET /plans: filtered, paged lists from the read models, scoped by the access policy. */
import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Actor } from '@app/domain';
import { deAnScope, planScope } from '@app/access';
import { listDeAn, listPlans } from '@app/projections';
import { CurrentActor, Roles } from '../auth/auth';
import { ListDeAnQuery, ListPlansQuery } from './list.dto';
import { ReadModels } from './read-models.service';

@ApiTags('danh sách')
@ApiBearerAuth()
@Controller()
export class ListController {
  constructor(private readonly read: ReadModels) {}

  @Get('de-an')
  @Roles('applicant', 'officer', 'council', 'approver', 'finance', 'auditor', 'admin')
  @ApiOperation({ summary: 'Danh sách đề án (lọc theo trạng thái, năm, tỉnh, lĩnh vực, nguồn; phân trang)' })
  deAn(@CurrentActor() actor: Actor, @Query() query: ListDeAnQuery) {
    return listDeAn(this.read.sql, this.read.schema, deAnScope(actor), { ...query, limit: query.limit ?? 50 });
  }

  @Get('plans')
  @Roles('officer', 'approver', 'finance', 'auditor', 'admin')
  @ApiOperation({ summary: 'Danh sách kế hoạch với dự toán, đã cam kết, đã quyết toán, còn lại' })
  plans(@CurrentActor() actor: Actor, @Query() query: ListPlansQuery) {
    return listPlans(this.read.sql, this.read.schema, planScope(actor), query);
  }
}
