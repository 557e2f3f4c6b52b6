/**
 * GET /reports/{name}: the reports of docs/DOMAIN.md (the seven and the period plan's) as JSON, CSV or XLSX, for a period, filters,
 * a basis, and as of any instant. Province staff see their province only.
 */
import { Controller, Get, Param, Query, StreamableFile } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { Actor } from '@app/domain';
import { deAnScope } from '@app/access';
import { renderCsv, renderXlsx, Report, REPORT_NAMES, reportNamed, REPORTS, ReportQuery, ReportResult } from '@app/projections';
import { CurrentActor, Roles } from '../auth/auth';
import { problem, ProblemException } from '../http/problem';
import { ReadModels } from '../read/read-models.service';
import { asOfInstant, ReportQueryDto } from './reports.dto';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

@ApiTags('báo cáo')
@ApiBearerAuth()
@Controller('reports')
export class ReportsController {
  constructor(private readonly read: ReadModels) {}

  @Get('all')
  @Roles('officer', 'approver', 'finance', 'auditor', 'admin')
  @ApiOperation({ summary: 'Tất cả báo cáo: JSON theo tên báo cáo, hoặc một tệp XLSX mỗi báo cáo một trang' })
  async all(@CurrentActor() actor: Actor, @Query() dto: ReportQueryDto) {
    if (dto.format === 'csv')
      throw new ProblemException(
        problem(400, 'CSV chỉ xuất từng báo cáo; dùng format=xlsx hoặc json', {
          errors: [{ field: 'format', message: 'csv không hỗ trợ cho tất cả báo cáo' }],
        }),
      );
    const results = await this.build(REPORTS, this.scoped(actor, dto));
    if (dto.format === 'xlsx') return this.send('bao-cao-khuyen-cong', 'xlsx', await renderXlsx(results.map((r) => r.table)));
    if (dto.format === 'table') return Object.fromEntries(REPORTS.map((r, i) => [r.name, results[i]!.table]));
    return Object.fromEntries(REPORTS.map((r, i) => [r.name, results[i]!.data]));
  }

  @Get(':name')
  @Roles('officer', 'approver', 'finance', 'auditor', 'admin')
  @ApiParam({ name: 'name', enum: REPORT_NAMES })
  @ApiOperation({ summary: 'Một báo cáo (JSON, CSV hoặc XLSX), tính đến thời điểm bất kỳ (asOf)' })
  async one(@Param('name') name: string, @CurrentActor() actor: Actor, @Query() dto: ReportQueryDto) {
    const report = reportNamed(name);
    if (!report) throw new ProblemException(problem(404, `Không có báo cáo "${name}"; các báo cáo: ${REPORT_NAMES.join(', ')}`));
    const [result] = await this.build([report], this.scoped(actor, dto));
    if (dto.format === 'csv') return this.send(`bao-cao-${name}`, 'csv', Buffer.from(renderCsv(result!.table), 'utf8'));
    if (dto.format === 'xlsx') return this.send(`bao-cao-${name}`, 'xlsx', await renderXlsx([result!.table]));
    if (dto.format === 'table') return result!.table;
    return result!.data;
  }

  /** Province-scoped staff report on their province whatever they ask for (the access policy's scope). */
  private scoped(actor: Actor, dto: ReportQueryDto): ReportQuery {
    const scope = deAnScope(actor);
    const own = scope.kind === 'province' ? scope.province : undefined;
    const asOf = asOfInstant(dto.asOf);
    if (dto.asOf !== undefined && asOf === undefined) {
      throw new ProblemException(problem(400, 'Dữ liệu không hợp lệ', { errors: [{ field: 'asOf', message: 'không phải thời điểm hợp lệ' }] }));
    }
    const province = own ?? dto.province;
    return {
      ...(dto.from !== undefined ? { from: dto.from } : {}),
      ...(dto.to !== undefined ? { to: dto.to } : {}),
      ...(province !== undefined ? { province } : {}),
      ...(dto.fundingSource ? { fundingSource: dto.fundingSource } : {}),
      ...(dto.level ? { level: dto.level } : {}),
      ...(dto.basis ? { basis: dto.basis } : {}),
      ...(asOf ? { asOf } : {}),
      ...(dto.asOfBy ? { asOfBy: dto.asOfBy } : {}),
      ...(dto.planId ? { planId: dto.planId } : {}),
      ...(dto.periodPlanId ? { periodPlanId: dto.periodPlanId } : {}),
      ...(dto.threshold !== undefined ? { threshold: dto.threshold } : {}),
      // A province officer's own province is a code of the scheme their events carry.
      ...(own !== undefined ? { scheme: '2004' as const } : dto.scheme ? { scheme: dto.scheme } : {}),
    };
  }

  private build(reports: readonly Report[], query: ReportQuery): Promise<ReportResult[]> {
    return Promise.all(reports.map((r) => r.build(this.read.sql, this.read.schema, query)));
  }

  /** A download: Nest sends a StreamableFile as bytes (a bare Buffer would be serialised as JSON). */
  private send(name: string, ext: 'csv' | 'xlsx', body: Buffer): StreamableFile {
    return new StreamableFile(body, {
      type: ext === 'csv' ? 'text/csv; charset=utf-8' : XLSX,
      disposition: `attachment; filename="${name}.${ext}"`,
    });
  }
}
