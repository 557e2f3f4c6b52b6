/**
 * Period plans (docs/API.md): a province's targets per indicator and funding per source and year for a
 * period (e.g. 2021–2025). Annual plans name the period plan they sit in (POST /plans `periodPlanId`);
 * GET /reports/period-plan measures the period against it.
 */
import { randomUUID } from 'node:crypto';
import { Body, Controller, Get, Inject, Param, Post, Req, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiHeader, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { Actor, PeriodPlanCommand, periodPlanDecider, PeriodPlanState, periodPlanStreamId } from '@app/domain';
import { COMMAND_HANDLER, CommandHandler, CreatePeriodPlanDto, EVENT_STORE, fold, idempotentId } from '@app/application';
import { canSeePlan, planScope } from '@app/access';
import { conditions } from '@app/projections';
import { EventStore } from '@app/event-store';
import { CurrentActor, Roles } from '../auth/auth';
import { notFound, problem, ProblemException } from '../http/problem';
import { commandContext, commandRequest, IDEMPOTENCY_KEY_HEADER } from '../http/command-request';
import { ReadModels } from '../read/read-models.service';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The period plan of an id as the actor may see it, or undefined (an unknown id and another province's plan alike). */
export async function visiblePeriodPlan(store: EventStore, actor: Actor, id: string): Promise<(PeriodPlanState & { status: 'Adopted' }) | undefined> {
  if (!UUID.test(id)) return undefined;
  const state = fold(periodPlanDecider, await store.readStream(periodPlanStreamId(id)));
  return state.status === 'Adopted' && canSeePlan(actor, state.header) ? state : undefined;
}

@ApiTags('kế hoạch')
@ApiBearerAuth()
@Controller('period-plans')
export class PeriodPlansController {
  constructor(
    @Inject(COMMAND_HANDLER) private readonly commands: CommandHandler,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly read: ReadModels,
  ) {}

  @Post()
  @ApiHeader(IDEMPOTENCY_KEY_HEADER)
  @Roles('officer', 'admin')
  @ApiOperation({ summary: 'Lập kế hoạch khuyến công giai đoạn (chỉ tiêu theo giai đoạn, kinh phí theo nguồn và năm)' })
  async create(@CurrentActor() actor: Actor, @Body() dto: CreatePeriodPlanDto, @Req() req: Request, @Res({ passthrough: true }) res: Response) {
    if (actor.province !== undefined && dto.province !== actor.province) {
      throw new ProblemException(problem(403, 'Cán bộ cấp tỉnh chỉ lập kế hoạch giai đoạn của tỉnh mình'));
    }
    const request = commandRequest(req);
    const key = request.idempotencyKey;
    const periodPlanId = key ? idempotentId(actor, key, 'period-plan') : randomUUID();
    const { title, province, level, fromYear, toYear, targets, funding } = dto;
    const handled = await this.commands.handle(
      periodPlanDecider,
      periodPlanStreamId(periodPlanId),
      [
        {
          type: 'CreatePeriodPlan',
          data: {
            periodPlanId,
            title,
            province,
            level,
            fromYear,
            toYear,
            targets: targets.map(({ code, indicator, quantity, unit }) => ({ ...(code ? { code } : {}), indicator, quantity, unit })),
            funding: funding.map(({ source, year, amount }) => ({ source, year, amount })),
          },
          metadata: { actor, now: new Date(), commandId: key ? idempotentId(actor, key, `command:${periodPlanId}`) : randomUUID() },
        } as PeriodPlanCommand,
      ],
      commandContext(request),
    );
    res.status(handled.duplicate ? 200 : 201);
    return { id: periodPlanId, version: handled.version };
  }

  @Get()
  @Roles('officer', 'approver', 'finance', 'auditor', 'admin')
  @ApiOperation({ summary: 'Các kế hoạch giai đoạn trong phạm vi người dùng' })
  async list(@CurrentActor() actor: Actor) {
    const { params, clause, add, ...where } = conditions();
    add('next_version IS NULL');
    where.scope(planScope(actor), { organisation: 'NULL', province: 'province', council: { array: 'ARRAY[]::text[]' } });
    const { rows } = await this.read.sql.query<{ id: string; title: string; province: string; from_year: number; to_year: number }>(
      `SELECT id, title, province, from_year, to_year FROM ${this.read.schema}.period_plan_facts ${clause()}
       ORDER BY from_year DESC, id LIMIT 200`,
      params,
    );
    return { items: rows.map((r) => ({ id: r.id, title: r.title, province: r.province, fromYear: r.from_year, toYear: r.to_year })) };
  }

  @Get(':id')
  @Roles('officer', 'approver', 'finance', 'auditor', 'admin')
  @ApiOperation({ summary: 'Một kế hoạch giai đoạn: chỉ tiêu và kinh phí theo nguồn, năm' })
  async get(@CurrentActor() actor: Actor, @Param('id') id: string) {
    const plan = await visiblePeriodPlan(this.store, actor, id);
    if (!plan) throw notFound('Không tìm thấy kế hoạch giai đoạn');
    return { id, ...plan.header };
  }
}
