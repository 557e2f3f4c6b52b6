/**
 * HTTP edge of the đề án (docs/API.md). Registration, the state and the history are written here;
 * every step of the lifecycle is a route generated from the step catalogue
 * (libs/application/src/steps/catalogue.ts): its path, roles, body, OpenAPI operation and command.
 */
import { randomUUID } from 'node:crypto';
import { Body, Controller, Get, HttpCode, Param, Post, Query, Req, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiHeader, ApiOperation, ApiParam, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { Actor, DeAnEventType, DeAnState, EVENT_LABELS, isIsoDate } from '@app/domain';
import { Handled, openSteps, REGISTRATION, RegisterDeAnDto, Step, STEPS } from '@app/application';
import { DeAnService, deAnView } from './de-an.service';
import { commandRequest, IDEMPOTENCY_KEY_HEADER, IF_MATCH_HEADER } from '../http/command-request';
import { AuthenticatedRequest, CurrentActor, Roles } from '../auth/auth';
import { problem, ProblemException } from '../http/problem';

const ALL_READERS = ['applicant', 'officer', 'council', 'approver', 'finance', 'auditor', 'admin'] as const;

function answer(res: Response, handled: Handled<DeAnState> & { id: string }, extra: Readonly<Record<string, unknown>> = {}) {
  res.setHeader('ETag', `"${handled.version}"`);
  return { id: handled.id, version: handled.version, status: handled.state.status, ...extra };
}

@ApiTags('đề án')
@ApiBearerAuth()
@ApiHeader(IDEMPOTENCY_KEY_HEADER)
@Controller('de-an')
export class DeAnController {
  constructor(readonly deAn: DeAnService) {}

  @Post()
  @Roles(...REGISTRATION.roles)
  @ApiOperation({ summary: REGISTRATION.summary })
  async register(
    @CurrentActor() actor: Actor,
    @Body() dto: RegisterDeAnDto,
    @Req() req: AuthenticatedRequest,
    @Res({ passthrough: true }) res: Response,
  ) {
    if (actor.role === 'officer' && actor.province !== undefined && dto.province !== actor.province) {
      throw new ProblemException(problem(403, 'Cán bộ cấp tỉnh chỉ đăng ký đề án của tỉnh mình'));
    }
    const organisation = actor.role === 'applicant' ? actor.org : dto.organisation;
    if (!organisation)
      throw new ProblemException(
        problem(400, 'Cán bộ đăng ký thay phải nêu tổ chức chủ đề án', { errors: [{ field: 'organisation', message: 'không được để trống' }] }),
      );
    const handled = await this.deAn.register(
      actor,
      (deAnId) => ({ type: 'RegisterDeAn', data: REGISTRATION.toCommand(dto, { deAnId, organisation }) }),
      commandRequest(req),
    );
    res.status(handled.duplicate ? 200 : 201);
    return answer(res, handled);
  }

  @Get(':id')
  @Roles(...ALL_READERS)
  @ApiOperation({ summary: 'Trạng thái đề án (hiện tại, hoặc theo ?version= / ?asOf=)' })
  @ApiQuery({ name: 'version', required: false })
  @ApiQuery({ name: 'asOf', required: false, description: 'ISO 8601 instant' })
  async get(
    @CurrentActor() actor: Actor,
    @Param('id') id: string,
    @Res({ passthrough: true }) res: Response,
    @Query('version') version?: string,
    @Query('asOf') asOf?: string,
  ) {
    const options: { version?: number; asOf?: Date } = {};
    if (version !== undefined) {
      if (!/^\d{1,9}$/.test(version))
        throw new ProblemException(problem(400, 'version không hợp lệ', { errors: [{ field: 'version', message: 'phải là số nguyên dương' }] }));
      options.version = Number(version);
    }
    if (asOf !== undefined) {
      const instant = new Date(asOf);
      if (
        !/^\d{4}-\d{2}-\d{2}(T[\d:.]+(Z|[+-]\d{2}:\d{2}))?$/.test(asOf) ||
        Number.isNaN(instant.getTime()) ||
        (asOf.length === 10 && !isIsoDate(asOf))
      ) {
        throw new ProblemException(problem(400, 'asOf không hợp lệ', { errors: [{ field: 'asOf', message: 'phải là thời điểm ISO 8601' }] }));
      }
      options.asOf = instant;
    }
    const { state, version: at } = await this.deAn.visible(actor, id, options);
    res.setHeader('ETag', `"${at}"`);
    const past = options.version !== undefined || options.asOf !== undefined;
    // What the caller may do next (the portal's buttons): only of the đề án as it is now.
    const actions = past ? [] : openSteps(actor, state).map((step) => ({ name: step.name, route: step.route, summary: step.summary }));
    return { ...deAnView(id, at, state), actions };
  }

  @Get(':id/history')
  @Roles('applicant', 'officer', 'approver', 'finance', 'auditor')
  @ApiOperation({ summary: 'Lịch sử sự kiện của đề án' })
  async history(@CurrentActor() actor: Actor, @Param('id') id: string) {
    const { events } = await this.deAn.visible(actor, id);
    return {
      id,
      events: events.map((e) => ({
        type: e.type,
        label: EVENT_LABELS[e.type as DeAnEventType] ?? e.type,
        version: e.version,
        data: e.data,
        actor: e.metadata.actor,
        at: e.metadata.occurredAt,
        recordedAt: e.metadata.recordedAt,
        reason: e.metadata.reason ?? null,
        decisionNo: e.metadata.decisionNo ?? null,
        commandId: e.metadata.commandId,
        correlationId: e.metadata.correlationId,
        imported: e.metadata.imported ?? null,
        hash: e.hash,
        prevHash: e.prevHash,
      })),
    };
  }
}

/** The route of one step: its body as its command, on the đề án the caller may see, answered with the new version. */
function stepRoute(step: Step) {
  return async function (this: DeAnController, actor: Actor, id: string, body: object, req: AuthenticatedRequest, res: Response) {
    const adjustmentId = typeof req.params.adjustmentId === 'string' ? req.params.adjustmentId : undefined;
    const data = step.toCommand(body, { entity: () => randomUUID(), ...(adjustmentId !== undefined ? { adjustmentId } : {}) });
    // An adjustment that is not pending (never requested, or decided) is refused by the decider, naming adjustmentId.
    const handled = await this.deAn.execute(actor, id, { type: step.command, data } as Parameters<DeAnService['execute']>[2], commandRequest(req));
    return answer(res, handled, step.answer?.(handled.events));
  };
}

for (const step of STEPS) {
  const name = step.name.replace(/-(\w)/g, (_, c: string) => c.toUpperCase());
  const prototype = DeAnController.prototype as unknown as Record<string, unknown>;
  prototype[name] = stepRoute(step);
  const descriptor = Object.getOwnPropertyDescriptor(prototype, name)!;
  // What the decorators in the class body would say, from the catalogue.
  Reflect.defineMetadata('design:paramtypes', [Object, String, step.dto, Object, Object], prototype, name);
  CurrentActor()(prototype, name, 0);
  Param('id')(prototype, name, 1);
  Body()(prototype, name, 2);
  Req()(prototype, name, 3);
  Res({ passthrough: true })(prototype, name, 4);
  for (const decorate of [
    Post(`:id/${step.route}`),
    HttpCode(200),
    Roles(...step.roles),
    ApiOperation({ summary: step.summary, operationId: `deAn_${name}` }),
    ApiBody({ type: step.dto }),
    ApiHeader(IF_MATCH_HEADER),
    ApiParam({ name: 'id', description: 'Mã đề án' }),
    ...(step.route.includes(':adjustmentId') ? [ApiParam({ name: 'adjustmentId', description: 'Mã đề nghị điều chỉnh' })] : []),
  ])
    decorate(prototype, name, descriptor);
}
