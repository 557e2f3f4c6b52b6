/**
 * The periodic reports of a province to the Ministry (docs/API.md): an officer of the province submits a
 * quarterly, six-month or annual report — the funding and results reports of its year, ước thực hiện, as
 * of the submission instant, kept in the event with their SHA-256 —; the Ministry's staff see every
 * province's, a province's staff their own; the scheduler records the ones not submitted by their due day.
 */
import { createHash, randomUUID } from 'node:crypto';
import { Body, Controller, Get, Inject, Param, Post, Query, Req, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiHeader, ApiOperation, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import type { Request, Response } from 'express';
import {
  Actor,
  DeadlineRules,
  periodicReportDecider,
  periodicReportStreamId,
  PeriodicReportCommand,
  reportPeriod,
  REPORT_TYPES,
  ReportType,
} from '@app/domain';
import { COMMAND_HANDLER, CommandHandler, DEADLINE_RULES, EVENT_STORE, idempotentId } from '@app/application';
import { canSeePlan, planScope } from '@app/access';
import { canonicalJson, EventStore } from '@app/event-store';
import { listPeriodicReports, reportNamed } from '@app/projections';
import { CurrentActor, Roles } from '../auth/auth';
import { notFound, problem, ProblemException } from '../http/problem';
import { commandContext, commandRequest, IDEMPOTENCY_KEY_HEADER } from '../http/command-request';
import { ReadModels } from '../read/read-models.service';

export class SubmitPeriodicReportDto {
  @ApiProperty({ enum: REPORT_TYPES, description: 'Loại báo cáo' })
  @IsIn(REPORT_TYPES, { message: `phải là một trong ${REPORT_TYPES.join(', ')}` })
  type!: ReportType;

  @ApiProperty({ description: 'Kỳ báo cáo: 2026-Q3 (quý), 2026-H1 (6 tháng), 2026 (năm)', example: '2026-Q3' })
  @IsString({ message: 'phải là chuỗi' })
  @MaxLength(10)
  period!: string;
}

export class PeriodicReportListDto {
  @ApiPropertyOptional({ description: 'Năm của kỳ báo cáo' })
  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: 'phải là số nguyên' })
  @Min(2000)
  @Max(2100)
  year?: number;

  @ApiPropertyOptional({ enum: REPORT_TYPES })
  @IsOptional()
  @IsIn(REPORT_TYPES, { message: `phải là một trong ${REPORT_TYPES.join(', ')}` })
  type?: ReportType;

  @ApiPropertyOptional({ description: 'Mã tỉnh (cán bộ Bộ); cán bộ tỉnh chỉ thấy tỉnh mình' })
  @IsOptional()
  @IsString()
  @MaxLength(20)
  province?: string;
}

/** What a submission keeps: the reports a province sends the Ministry, of the period's year, as of the instant. */
const SNAPSHOT_REPORTS = ['funding', 'results'] as const;

/** SHA-256 of the snapshot's canonical JSON: what anyone recomputes from the stored snapshot to check it. */
const snapshotHash = (snapshot: unknown) => createHash('sha256').update(canonicalJson(snapshot)).digest('hex');

@ApiTags('báo cáo')
@ApiBearerAuth()
@Controller('periodic-reports')
export class PeriodicReportsController {
  constructor(
    @Inject(COMMAND_HANDLER) private readonly commands: CommandHandler,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(DEADLINE_RULES) private readonly rules: DeadlineRules,
    private readonly read: ReadModels,
  ) {}

  @Post()
  @ApiHeader(IDEMPOTENCY_KEY_HEADER)
  @Roles('officer')
  @ApiOperation({ summary: 'Nộp báo cáo định kỳ của tỉnh (quý, 6 tháng, năm) về Bộ Công Thương' })
  async submit(@CurrentActor() actor: Actor, @Body() dto: SubmitPeriodicReportDto, @Req() req: Request, @Res({ passthrough: true }) res: Response) {
    if (actor.province === undefined) throw new ProblemException(problem(403, 'Chỉ cán bộ khuyến công của tỉnh được nộp báo cáo định kỳ'));
    const period = reportPeriod(dto.type, dto.period);
    if (!period) {
      throw new ProblemException(
        problem(400, 'Dữ liệu không hợp lệ', { errors: [{ field: 'period', message: 'kỳ báo cáo không hợp lệ (dạng 2026-Q3, 2026-H1 hoặc 2026)' }] }),
      );
    }
    const now = new Date();
    const query = {
      from: period.year,
      to: period.year,
      province: actor.province,
      basis: 'estimated' as const,
      asOf: now.toISOString(),
      scheme: '2004' as const,
    };
    const reports = await Promise.all(SNAPSHOT_REPORTS.map((name) => reportNamed(name)!.build(this.read.sql, this.read.schema, query)));
    const snapshot = {
      asOf: query.asOf,
      query,
      reports: Object.fromEntries(SNAPSHOT_REPORTS.map((name, i) => [name, reports[i]!.data])),
    };
    const request = commandRequest(req);
    const streamId = periodicReportStreamId(actor.province, dto.type, dto.period);
    const command = {
      type: 'SubmitPeriodicReport',
      data: { province: actor.province, reportType: dto.type, period: dto.period, snapshot, snapshotHash: snapshotHash(snapshot) },
      metadata: { actor, now, commandId: request.idempotencyKey ? idempotentId(actor, request.idempotencyKey, `command:${streamId}`) : randomUUID() },
    } as PeriodicReportCommand;
    const handled = await this.commands.handle(periodicReportDecider(this.rules.policy), streamId, [command], commandContext(request));
    const submitted = handled.events.find((e) => e.type === 'PeriodicReportSubmitted')?.data as {
      late: boolean;
      snapshotHash: string;
      dueAt: string;
    };
    res.status(handled.duplicate ? 200 : 201);
    return { province: actor.province, type: dto.type, period: dto.period, version: handled.version, ...submitted };
  }

  @Get()
  @Roles('officer', 'approver', 'auditor', 'admin')
  @ApiOperation({ summary: 'Báo cáo định kỳ: đã nộp, nộp muộn, quá hạn (cán bộ Bộ thấy mọi tỉnh)' })
  list(@CurrentActor() actor: Actor, @Query() dto: PeriodicReportListDto) {
    return listPeriodicReports(this.read.sql, this.read.schema, planScope(actor), dto);
  }

  @Get(':province/:type/:period')
  @Roles('officer', 'approver', 'auditor', 'admin')
  @ApiOperation({ summary: 'Một báo cáo định kỳ đã nộp: số liệu tại thời điểm nộp, mã băm và kiểm tra mã băm' })
  async one(@CurrentActor() actor: Actor, @Param('province') province: string, @Param('type') type: string, @Param('period') period: string) {
    // a report is seen as its province's plans are (the access policy's one rule)
    if (!canSeePlan(actor, { province }) || !(REPORT_TYPES as readonly string[]).includes(type) || !reportPeriod(type as ReportType, period)) {
      throw notFound('Không tìm thấy báo cáo định kỳ');
    }
    const events = await this.store.readStream(periodicReportStreamId(province, type as ReportType, period));
    if (events.length === 0) throw notFound('Không tìm thấy báo cáo định kỳ');
    const submitted = events.find((e) => e.type === 'PeriodicReportSubmitted');
    const missed = events.find((e) => e.type === 'PeriodicReportMissed');
    const data = submitted?.data as { snapshot: unknown; snapshotHash: string; late: boolean; submittedAt: string; dueAt: string } | undefined;
    return {
      province,
      type,
      period,
      dueAt: (data ?? (missed?.data as { dueAt: string })).dueAt,
      missedAt: missed?.metadata.occurredAt ?? null,
      ...(data
        ? {
            submittedAt: data.submittedAt,
            late: data.late,
            signedBy: submitted!.metadata.actor,
            snapshotHash: data.snapshotHash,
            // recomputed from what is stored: the figures are those that were signed
            hashVerified: snapshotHash(data.snapshot) === data.snapshotHash,
            snapshot: data.snapshot,
          }
        : {}),
    };
  }
}
