/** HTTP edge of the đề án (API.md): explicit DTO → command mapping, nothing more. */
import { randomUUID } from 'node:crypto';
import { Body, Controller, Get, Headers, HttpCode, Param, Post, Query, Req, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiHeader, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { Actor, DeAnCommand, DeAnState } from '@app/domain';
import { Handled } from '@app/application';
import {
  AcceptanceDto, AdjustmentDecisionDto, AdjustmentDto, AdvanceDto, AppraisalDto, ApprovalDto, AssignCouncilDto, CompletionDto, ContractDto,
  DecisionDto, InspectionDto, ProgressDto, ReasonDto, RegisterDeAnDto, RevisionDto, RevisionRequestDto, SettlementDto, StopDto, SubmitReviewDto,
} from './de-an.dto';
import { DeAnService, deAnView } from './de-an.service';
import { commandRequest, IDEMPOTENCY_KEY_HEADER } from '../http/command-request';
import { AuthenticatedRequest, CurrentActor, Roles } from '../auth/auth';
import { isIsoDate } from '@app/domain';
import { notFound, problem, ProblemException } from '../http/problem';

const ALL_READERS = ['applicant', 'officer', 'council', 'approver', 'finance', 'auditor', 'admin'] as const;

function answer(res: Response, handled: Handled<DeAnState> & { id: string }, extra: Record<string, unknown> = {}) {
  res.setHeader('ETag', `"${handled.version}"`);
  return { id: handled.id, version: handled.version, status: handled.state.status, ...extra };
}

const dataOf = (handled: Handled<DeAnState>, type: string): Record<string, unknown> | undefined =>
  (handled.events.find((e) => e.type === type)?.data as Record<string, unknown> | undefined);

@ApiTags('đề án')
@ApiBearerAuth()
@ApiHeader(IDEMPOTENCY_KEY_HEADER)
@ApiHeader({ name: 'If-Match', required: false, description: 'Phiên bản đề án đã đọc (412 nếu khác)' })
@Controller('de-an')
export class DeAnController {
  constructor(private readonly deAn: DeAnService) {}

  private run(actor: Actor, id: string, req: AuthenticatedRequest, res: Response, key: string | undefined, ifMatch: string | undefined, command: Omit<DeAnCommand, 'metadata'>, extra?: (h: Handled<DeAnState>) => Record<string, unknown>) {
    return this.deAn.execute(actor, id, command, commandRequest(req, key, ifMatch)).then((handled) => answer(res, handled, extra?.(handled)));
  }

  @Post()
  @Roles('applicant', 'officer')
  @ApiOperation({ summary: 'Đăng ký đề án' })
  async register(@CurrentActor() actor: Actor, @Body() dto: RegisterDeAnDto, @Req() req: AuthenticatedRequest, @Res({ passthrough: true }) res: Response,
    @Headers('idempotency-key') key?: string) {
    if (actor.role === 'officer' && actor.province !== undefined && dto.province !== actor.province) {
      throw new ProblemException(problem(403, 'Cán bộ cấp tỉnh chỉ đăng ký đề án của tỉnh mình'));
    }
    const organisation = actor.role === 'applicant' ? actor.org : dto.organisation;
    if (!organisation) throw new ProblemException(problem(400, 'Cán bộ đăng ký thay phải nêu tổ chức chủ đề án', { errors: [{ field: 'organisation', message: 'không được để trống' }] }));
    const { organisation: _given, supplementary, ...proposal } = dto;
    const handled = await this.deAn.register(actor, (deAnId) => ({
      type: 'RegisterDeAn',
      data: { ...proposal, deAnId, organisation, locality: dto.locality, ...(supplementary ? { supplementary: { reason: supplementary.reason } } : {}) },
    }), commandRequest(req, key));
    res.status(handled.duplicate ? 200 : 201);
    return answer(res, handled);
  }

  @Get(':id')
  @Roles(...ALL_READERS)
  @ApiOperation({ summary: 'Trạng thái đề án (hiện tại, hoặc theo ?version= / ?asOf=)' })
  @ApiQuery({ name: 'version', required: false }) @ApiQuery({ name: 'asOf', required: false, description: 'ISO 8601 instant' })
  async get(@CurrentActor() actor: Actor, @Param('id') id: string, @Res({ passthrough: true }) res: Response, @Query('version') version?: string, @Query('asOf') asOf?: string) {
    const options: { version?: number; asOf?: Date } = {};
    if (version !== undefined) {
      if (!/^\d{1,9}$/.test(version)) throw new ProblemException(problem(400, 'version không hợp lệ', { errors: [{ field: 'version', message: 'phải là số nguyên dương' }] }));
      options.version = Number(version);
    }
    if (asOf !== undefined) {
      const instant = new Date(asOf);
      if (!/^\d{4}-\d{2}-\d{2}(T[\d:.]+(Z|[+-]\d{2}:\d{2}))?$/.test(asOf) || Number.isNaN(instant.getTime()) || (asOf.length === 10 && !isIsoDate(asOf))) {
        throw new ProblemException(problem(400, 'asOf không hợp lệ', { errors: [{ field: 'asOf', message: 'phải là thời điểm ISO 8601' }] }));
      }
      options.asOf = instant;
    }
    const { state, version: at } = await this.deAn.visible(actor, id, options);
    res.setHeader('ETag', `"${at}"`);
    return deAnView(id, at, state);
  }

  @Get(':id/history')
  @Roles('applicant', 'officer', 'approver', 'finance', 'auditor')
  @ApiOperation({ summary: 'Lịch sử sự kiện của đề án' })
  async history(@CurrentActor() actor: Actor, @Param('id') id: string) {
    const { events } = await this.deAn.visible(actor, id);
    return {
      id,
      events: events.map((e) => ({
        type: e.type, version: e.version, data: e.data,
        actor: e.metadata.actor, at: e.metadata.occurredAt, recordedAt: e.metadata.recordedAt,
        reason: e.metadata.reason ?? null, decisionNo: e.metadata.decisionNo ?? null, commandId: e.metadata.commandId,
        correlationId: e.metadata.correlationId, imported: e.metadata.imported ?? null, hash: e.hash, prevHash: e.prevHash,
      })),
    };
  }

  @Post(':id/council') @HttpCode(200) @Roles('officer')
  council(@CurrentActor() a: Actor, @Param('id') id: string, @Body() dto: AssignCouncilDto, @Req() q: AuthenticatedRequest, @Res({ passthrough: true }) r: Response, @Headers('idempotency-key') k?: string, @Headers('if-match') m?: string) {
    return this.run(a, id, q, r, k, m, { type: 'AssignCouncil', data: { members: dto.members.map(({ sub, name }) => ({ sub, name })), chair: dto.chair } });
  }

  @Post(':id/reviews') @HttpCode(200) @Roles('council')
  review(@CurrentActor() a: Actor, @Param('id') id: string, @Body() dto: SubmitReviewDto, @Req() q: AuthenticatedRequest, @Res({ passthrough: true }) r: Response, @Headers('idempotency-key') k?: string, @Headers('if-match') m?: string) {
    return this.run(a, id, q, r, k, m, { type: 'SubmitReview', data: { score: dto.score, recommendation: dto.recommendation, comments: dto.comments ?? '', conflictOfInterest: dto.conflictOfInterest } });
  }

  @Post(':id/revision-request') @HttpCode(200) @Roles('officer', 'council')
  revisionRequest(@CurrentActor() a: Actor, @Param('id') id: string, @Body() dto: RevisionRequestDto, @Req() q: AuthenticatedRequest, @Res({ passthrough: true }) r: Response, @Headers('idempotency-key') k?: string, @Headers('if-match') m?: string) {
    return this.run(a, id, q, r, k, m, { type: 'RequestRevision', data: { items: dto.items, dueDate: dto.dueDate } });
  }

  @Post(':id/revision') @HttpCode(200) @Roles('applicant')
  revision(@CurrentActor() a: Actor, @Param('id') id: string, @Body() dto: RevisionDto, @Req() q: AuthenticatedRequest, @Res({ passthrough: true }) r: Response, @Headers('idempotency-key') k?: string, @Headers('if-match') m?: string) {
    const changes = Object.fromEntries(Object.entries(dto.changes).filter(([, v]) => v !== undefined));
    return this.run(a, id, q, r, k, m, { type: 'ReviseDeAn', data: { changes, note: dto.note ?? '' } });
  }

  @Post(':id/appraisal') @HttpCode(200) @Roles('officer', 'council')
  appraisal(@CurrentActor() a: Actor, @Param('id') id: string, @Body() dto: AppraisalDto, @Req() q: AuthenticatedRequest, @Res({ passthrough: true }) r: Response, @Headers('idempotency-key') k?: string, @Headers('if-match') m?: string) {
    return this.run(a, id, q, r, k, m, { type: 'ConcludeAppraisal', data: { result: dto.result, recommendedSupport: dto.recommendedSupport, machineryValuation: dto.machineryValuation, minutesNo: dto.minutesNo } });
  }

  @Post(':id/approval') @HttpCode(200) @Roles('approver')
  approval(@CurrentActor() a: Actor, @Param('id') id: string, @Body() dto: ApprovalDto, @Req() q: AuthenticatedRequest, @Res({ passthrough: true }) r: Response, @Headers('idempotency-key') k?: string, @Headers('if-match') m?: string) {
    return this.run(a, id, q, r, k, m, { type: 'ApproveDeAn', data: { decisionNo: dto.decisionNo, decisionDate: dto.decisionDate, approvedSupport: dto.approvedSupport, planId: dto.planId } });
  }

  @Post(':id/rejection') @HttpCode(200) @Roles('approver')
  rejection(@CurrentActor() a: Actor, @Param('id') id: string, @Body() dto: ReasonDto, @Req() q: AuthenticatedRequest, @Res({ passthrough: true }) r: Response, @Headers('idempotency-key') k?: string, @Headers('if-match') m?: string) {
    return this.run(a, id, q, r, k, m, { type: 'RejectDeAn', data: { reason: dto.reason } });
  }

  @Post(':id/contract') @HttpCode(200) @Roles('officer')
  contract(@CurrentActor() a: Actor, @Param('id') id: string, @Body() dto: ContractDto, @Req() q: AuthenticatedRequest, @Res({ passthrough: true }) r: Response, @Headers('idempotency-key') k?: string, @Headers('if-match') m?: string) {
    return this.run(a, id, q, r, k, m, { type: 'SignContract', data: { contractNo: dto.contractNo, signedDate: dto.signedDate, endDate: dto.endDate, selection: dto.selection } });
  }

  @Post(':id/advances') @HttpCode(200) @Roles('finance')
  advance(@CurrentActor() a: Actor, @Param('id') id: string, @Body() dto: AdvanceDto, @Req() q: AuthenticatedRequest, @Res({ passthrough: true }) r: Response, @Headers('idempotency-key') k?: string, @Headers('if-match') m?: string) {
    return this.run(a, id, q, r, k, m, { type: 'PayAdvance', data: { amount: dto.amount, paidDate: dto.paidDate } });
  }

  @Post(':id/progress') @HttpCode(200) @Roles('applicant')
  progress(@CurrentActor() a: Actor, @Param('id') id: string, @Body() dto: ProgressDto, @Req() q: AuthenticatedRequest, @Res({ passthrough: true }) r: Response, @Headers('idempotency-key') k?: string, @Headers('if-match') m?: string) {
    return this.run(a, id, q, r, k, m, { type: 'ReportProgress', data: { period: dto.period, percentComplete: dto.percentComplete, investedAmount: dto.investedAmount, notes: dto.notes ?? '' } });
  }

  @Post(':id/adjustments') @HttpCode(200) @Roles('applicant', 'officer')
  adjustment(@CurrentActor() a: Actor, @Param('id') id: string, @Body() dto: AdjustmentDto, @Req() q: AuthenticatedRequest, @Res({ passthrough: true }) r: Response, @Headers('idempotency-key') k?: string, @Headers('if-match') m?: string) {
    const proposed = Object.fromEntries(Object.entries(dto.proposed).filter(([, v]) => v !== undefined));
    return this.run(a, id, q, r, k, m, { type: 'RequestAdjustment', data: { adjustmentId: randomUUID(), kind: dto.kind, proposed, reason: dto.reason } },
      (h) => ({ adjustmentId: dataOf(h, 'AdjustmentRequested')?.adjustmentId }));
  }

  @Post(':id/adjustments/:adjustmentId/decision') @HttpCode(200) @Roles('approver')
  async adjustmentDecision(@CurrentActor() a: Actor, @Param('id') id: string, @Param('adjustmentId') adjustmentId: string, @Body() dto: AdjustmentDecisionDto, @Req() q: AuthenticatedRequest, @Res({ passthrough: true }) r: Response, @Headers('idempotency-key') k?: string, @Headers('if-match') m?: string) {
    const { state, events } = await this.deAn.visible(a, id);
    const requested = events.some((e) => e.type === 'AdjustmentRequested' && (e.data as { adjustmentId?: string }).adjustmentId === adjustmentId);
    if (!requested || state.status === 'Initial') throw notFound('Không tìm thấy đề nghị điều chỉnh');
    return this.run(a, id, q, r, k, m, { type: 'DecideAdjustment', data: { adjustmentId, approved: dto.approved, decisionNo: dto.decisionNo } });
  }

  @Post(':id/inspections') @HttpCode(200) @Roles('officer')
  inspection(@CurrentActor() a: Actor, @Param('id') id: string, @Body() dto: InspectionDto, @Req() q: AuthenticatedRequest, @Res({ passthrough: true }) r: Response, @Headers('idempotency-key') k?: string, @Headers('if-match') m?: string) {
    return this.run(a, id, q, r, k, m, { type: 'RecordInspection', data: { inspectionId: randomUUID(), date: dto.date, inspectors: dto.inspectors, result: dto.result, findings: dto.findings ?? '' } });
  }

  @Post(':id/suspension') @HttpCode(200) @Roles('approver')
  suspension(@CurrentActor() a: Actor, @Param('id') id: string, @Body() dto: DecisionDto, @Req() q: AuthenticatedRequest, @Res({ passthrough: true }) r: Response, @Headers('idempotency-key') k?: string, @Headers('if-match') m?: string) {
    return this.run(a, id, q, r, k, m, { type: 'SuspendDeAn', data: { reason: dto.reason, decisionNo: dto.decisionNo } });
  }

  @Post(':id/resumption') @HttpCode(200) @Roles('approver')
  resumption(@CurrentActor() a: Actor, @Param('id') id: string, @Body() dto: DecisionDto, @Req() q: AuthenticatedRequest, @Res({ passthrough: true }) r: Response, @Headers('idempotency-key') k?: string, @Headers('if-match') m?: string) {
    return this.run(a, id, q, r, k, m, { type: 'ResumeDeAn', data: { reason: dto.reason, decisionNo: dto.decisionNo } });
  }

  @Post(':id/stop') @HttpCode(200) @Roles('approver')
  stop(@CurrentActor() a: Actor, @Param('id') id: string, @Body() dto: StopDto, @Req() q: AuthenticatedRequest, @Res({ passthrough: true }) r: Response, @Headers('idempotency-key') k?: string, @Headers('if-match') m?: string) {
    return this.run(a, id, q, r, k, m, { type: 'StopDeAn', data: { reason: dto.reason, decisionNo: dto.decisionNo, recoverAmount: dto.recoverAmount } });
  }

  @Post(':id/withdrawal') @HttpCode(200) @Roles('applicant')
  withdrawal(@CurrentActor() a: Actor, @Param('id') id: string, @Body() dto: ReasonDto, @Req() q: AuthenticatedRequest, @Res({ passthrough: true }) r: Response, @Headers('idempotency-key') k?: string, @Headers('if-match') m?: string) {
    return this.run(a, id, q, r, k, m, { type: 'WithdrawDeAn', data: { reason: dto.reason } });
  }

  @Post(':id/completion') @HttpCode(200) @Roles('applicant')
  completion(@CurrentActor() a: Actor, @Param('id') id: string, @Body() dto: CompletionDto, @Req() q: AuthenticatedRequest, @Res({ passthrough: true }) r: Response, @Headers('idempotency-key') k?: string, @Headers('if-match') m?: string) {
    return this.run(a, id, q, r, k, m, { type: 'CompleteDeAn', data: { completedDate: dto.completedDate, actualResults: dto.actualResults.map(line), actualCost: dto.actualCost, machineryValue: dto.machineryValue } });
  }

  @Post(':id/acceptance') @HttpCode(200) @Roles('officer')
  acceptance(@CurrentActor() a: Actor, @Param('id') id: string, @Body() dto: AcceptanceDto, @Req() q: AuthenticatedRequest, @Res({ passthrough: true }) r: Response, @Headers('idempotency-key') k?: string, @Headers('if-match') m?: string) {
    return this.run(a, id, q, r, k, m, { type: 'RecordAcceptance', data: { result: dto.result, acceptedResults: dto.acceptedResults.map(line), acceptedCost: dto.acceptedCost, machineryValuation: dto.machineryValuation, minutesNo: dto.minutesNo, date: dto.date } });
  }

  @Post(':id/settlement') @HttpCode(200) @Roles('finance')
  settlement(@CurrentActor() a: Actor, @Param('id') id: string, @Body() dto: SettlementDto, @Req() q: AuthenticatedRequest, @Res({ passthrough: true }) r: Response, @Headers('idempotency-key') k?: string, @Headers('if-match') m?: string) {
    return this.run(a, id, q, r, k, m, { type: 'SettleDeAn', data: { settledSupport: dto.settledSupport, decisionNo: dto.decisionNo, date: dto.date } },
      (h) => ({ payable: dataOf(h, 'DeAnSettled')?.payable, recoverable: dataOf(h, 'DeAnSettled')?.recoverable }));
  }
}

const line = ({ indicator, quantity, unit }: { indicator: string; quantity: number; unit: string }) => ({ indicator, quantity, unit });
