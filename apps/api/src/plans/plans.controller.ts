/** Annual plans (docs/API.md): allocation, targets, and the books kept by approvals and settlements. */
import { randomUUID } from 'node:crypto';
import { Body, Controller, Get, HttpCode, Inject, Param, Post, Req, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiHeader, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { Actor, PlanCommand, PlanState, planDecider, planStreamId, remaining } from '@app/domain';
import {
  CarryOverDto,
  COMMAND_HANDLER,
  CommandHandler,
  CreatePlanDto,
  EVENT_STORE,
  fold,
  idempotentId,
  PLAN_CREATION,
  planNotFound,
} from '@app/application';
import { canSeePlan } from '@app/access';
import { EventStore } from '@app/event-store';
import { CurrentActor, Roles } from '../auth/auth';
import { notFound, problem, ProblemException } from '../http/problem';
import { commandContext, commandRequest, IDEMPOTENCY_KEY_HEADER } from '../http/command-request';
import { visiblePeriodPlan } from './period-plans.controller';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function planView(state: PlanState, version: number) {
  if (state.status === 'Initial') return undefined;
  const { book } = state;
  return {
    id: book.header.planId,
    version,
    status: state.status,
    ...book.header,
    allocation: book.allocation,
    committed: book.committed,
    settled: book.settled,
    remaining: remaining(book),
    commitments: Object.entries(book.commitments).map(([deAnId, amount]) => ({ deAnId, amount })),
  };
}

@ApiTags('kế hoạch')
@ApiBearerAuth()
@Controller('plans')
export class PlansController {
  constructor(
    @Inject(COMMAND_HANDLER) private readonly commands: CommandHandler,
    @Inject(EVENT_STORE) private readonly store: EventStore,
  ) {}

  @Post()
  @ApiHeader(IDEMPOTENCY_KEY_HEADER)
  @Roles(...PLAN_CREATION.roles)
  @ApiOperation({ summary: PLAN_CREATION.summary })
  async create(@CurrentActor() actor: Actor, @Body() dto: CreatePlanDto, @Req() req: Request, @Res({ passthrough: true }) res: Response) {
    const request = commandRequest(req);
    const key = request.idempotencyKey;
    if (actor.province !== undefined && dto.province !== actor.province) {
      throw new ProblemException(problem(403, 'Cán bộ cấp tỉnh chỉ lập kế hoạch của tỉnh mình'));
    }
    // an annual plan sits in a period plan the caller may see (its years and province checked by the decider)
    const period = dto.periodPlanId ? await visiblePeriodPlan(this.store, actor, dto.periodPlanId) : undefined;
    if (dto.periodPlanId && !period) {
      throw new ProblemException(
        problem(422, `Không tìm thấy kế hoạch giai đoạn ${dto.periodPlanId}`, { rule: 'period-plan-exists', legalBasis: 'NĐ 45/2012/NĐ-CP Điều 14' }),
      );
    }
    const planId = key ? idempotentId(actor, key, 'plan') : randomUUID();
    const commandId = key ? idempotentId(actor, key, `command:${planId}`) : randomUUID();
    const handled = await this.commands.handle(
      planDecider,
      planStreamId(planId),
      [
        {
          type: 'CreatePlan',
          data: PLAN_CREATION.toCommand(dto, {
            planId,
            ...(period
              ? {
                  periodPlan: {
                    periodPlanId: period.header.periodPlanId,
                    fromYear: period.header.fromYear,
                    toYear: period.header.toYear,
                    province: period.header.province,
                  },
                }
              : {}),
          }),
          metadata: { actor, now: new Date(), commandId },
        } as PlanCommand,
      ],
      commandContext(request),
    );
    res.status(handled.duplicate ? 200 : 201).setHeader('ETag', `"${handled.version}"`);
    return { id: planId, version: handled.version };
  }

  @Post(':id/carry-over')
  @HttpCode(200)
  @ApiHeader(IDEMPOTENCY_KEY_HEADER)
  @Roles('officer', 'admin')
  @ApiOperation({ summary: 'Chuyển kinh phí chưa sử dụng sang kế hoạch năm sau (NĐ 45/2012 Điều 14.4)' })
  async carryOver(@CurrentActor() actor: Actor, @Param('id') id: string, @Body() dto: CarryOverDto, @Req() req: Request) {
    if (!UUID.test(id)) throw notFound('Không tìm thấy kế hoạch');
    const events = await this.store.readStream(planStreamId(id));
    const view = planView(fold(planDecider, events), events.length);
    if (!view || !canSeePlan(actor, view)) throw notFound('Không tìm thấy kế hoạch');
    const request = commandRequest(req);
    const key = request.idempotencyKey;
    const handled = await this.commands.handle(
      planDecider,
      planStreamId(id),
      [
        {
          type: 'CarryOverAllocation',
          data: { toPlanId: dto.toPlanId, amount: dto.amount, decisionNo: dto.decisionNo },
          metadata: { actor, now: new Date(), commandId: key ? idempotentId(actor, key, `command:carry-over:${id}`) : randomUUID() },
        } as PlanCommand,
      ],
      {
        ...commandContext(request),
        // the next year's plan is one the caller may see, or it does not exist for them
        authorizePlan: ({ planId, state }) => {
          if (state.status === 'Initial' || !canSeePlan(actor, state.book.header)) throw planNotFound(planId);
        },
      },
    );
    const after = handled.state.status === 'Initial' ? undefined : handled.state.book;
    return { id, version: handled.version, toPlanId: dto.toPlanId, amount: dto.amount, allocation: after?.allocation };
  }

  @Get(':id')
  @Roles('officer', 'approver', 'finance', 'auditor', 'admin')
  async get(@CurrentActor() actor: Actor, @Param('id') id: string, @Res({ passthrough: true }) res: Response) {
    if (!UUID.test(id)) throw notFound('Không tìm thấy kế hoạch');
    const events = await this.store.readStream(planStreamId(id));
    const view = planView(fold(planDecider, events), events.length);
    if (!view || !canSeePlan(actor, view)) {
      throw notFound('Không tìm thấy kế hoạch');
    }
    res.setHeader('ETag', `"${events.length}"`);
    return view;
  }
}
