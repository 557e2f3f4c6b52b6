/** Annual plans (API.md): allocation, targets, and the books kept by approvals and settlements. */
import { randomUUID } from 'node:crypto';
import { Body, Controller, Get, Headers, Inject, Param, Post, Req, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiHeader, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsIn, IsInt, Max, Min, ValidateNested } from 'class-validator';
import type { Request, Response } from 'express';
import { Actor, PlanState, planDecider, planStreamId, remaining } from '@app/domain';
import { canSeePlan, EVENT_STORE, ExecutePlanCommand, fold, idempotentId } from '@app/application';
import { EventStore } from '@app/event-store';
import { CurrentActor, Roles } from '../auth/auth';
import { ResultLineDto } from '../de-an/de-an.dto';
import { notFound, problem, ProblemException } from '../http/problem';
import { commandContext, commandRequest, IDEMPOTENCY_KEY_HEADER } from '../http/command-request';
import { IsDong, ProvinceCode } from '../http/validators';

export class CreatePlanDto {
  @ApiProperty({ example: 2026 }) @IsInt({ message: 'phải là số nguyên' }) @Min(2000) @Max(2100) year!: number;
  @ApiProperty({ enum: ['KCQG', 'KCDP'] }) @IsIn(['KCQG', 'KCDP'], { message: 'phải là KCQG hoặc KCDP' }) fundingSource!: 'KCQG' | 'KCDP';
  @ApiProperty({ enum: ['central', 'province', 'district'] }) @IsIn(['central', 'province', 'district'], { message: 'phải là central, province hoặc district' }) level!: 'central' | 'province' | 'district';
  @ProvinceCode('Mã tỉnh (bắt buộc với KCĐP)', true) province?: string;
  @IsDong('Dự toán được giao') allocation!: number;
  @ApiPropertyOptional({ type: [ResultLineDto] }) @IsArray() @ArrayMaxSize(200) @ValidateNested({ each: true }) @Type(() => ResultLineDto) targets: ResultLineDto[] = [];
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function planView(state: PlanState, version: number) {
  if (state.status === 'Initial') return undefined;
  const { book } = state;
  return {
    id: book.header.planId, version, status: state.status, ...book.header,
    allocation: book.allocation, committed: book.committed, settled: book.settled, remaining: remaining(book),
    commitments: Object.entries(book.commitments).map(([deAnId, amount]) => ({ deAnId, amount })),
  };
}

@ApiTags('kế hoạch')
@ApiBearerAuth()
@Controller('plans')
export class PlansController {
  constructor(private readonly bus: CommandBus, @Inject(EVENT_STORE) private readonly store: EventStore) {}

  @Post()
  @ApiHeader(IDEMPOTENCY_KEY_HEADER)
  @Roles('officer', 'admin')
  async create(@CurrentActor() actor: Actor, @Body() dto: CreatePlanDto, @Req() req: Request, @Res({ passthrough: true }) res: Response, @Headers('idempotency-key') key?: string) {
    const request = commandRequest(req, key);
    if (actor.province !== undefined && dto.province !== actor.province) {
      throw new ProblemException(problem(403, 'Cán bộ cấp tỉnh chỉ lập kế hoạch của tỉnh mình'));
    }
    const planId = key ? idempotentId(actor, key, 'plan') : randomUUID();
    const commandId = key ? idempotentId(actor, key, `command:${planId}`) : randomUUID();
    const handled = await this.bus.execute(new ExecutePlanCommand(planId, {
      type: 'CreatePlan',
      data: { planId, year: dto.year, fundingSource: dto.fundingSource, level: dto.level, allocation: dto.allocation, targets: dto.targets.map(({ indicator, quantity, unit }) => ({ indicator, quantity, unit })), ...(dto.province ? { province: dto.province } : {}) },
      metadata: { actor, now: new Date(), commandId },
    }, commandContext(request)));
    res.status(handled.duplicate ? 200 : 201).setHeader('ETag', `"${handled.version}"`);
    return { id: planId, version: handled.version };
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
