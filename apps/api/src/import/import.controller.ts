/**
 * POST /import/de-an: provinces adopting the system bring their past đề án (and the plans they were
 * approved against). Each record is checked with the API's own DTOs and replayed through the same
 * deciders at its historic dates; the answer is per record, so one bad record never hides the others.
 */
import { Body, Controller, HttpCode, Inject, Logger, Post, Req } from '@nestjs/common';
import type { Request } from 'express';
import { ApiBearerAuth, ApiBody, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Actor, DeAnDecider } from '@app/domain';
import { COMMAND_HANDLER, CommandHandler, DE_AN_DECIDER, HistoryImport, isPlainObject, STEP_NAMES, summarize } from '@app/application';
import { CurrentActor, Roles } from '../auth/auth';
import { problem, ProblemException } from '../http/problem';

export const MAX_IMPORT_BATCH = 1_000;

@ApiTags('nhập lịch sử')
@ApiBearerAuth()
@Controller('import')
export class ImportController {
  private readonly logger = new Logger('import');

  constructor(
    @Inject(COMMAND_HANDLER) private readonly commands: CommandHandler,
    @Inject(DE_AN_DECIDER) private readonly decider: DeAnDecider,
  ) {}

  @Post('de-an')
  @HttpCode(200)
  @Roles('officer', 'admin')
  @ApiOperation({
    summary: 'Nhập lịch sử đề án (và kế hoạch) từ hệ thống cũ',
    description:
      'Một bản ghi hoặc mảng tối đa 1.000 bản ghi. Mỗi bước chạy qua cùng bộ quy tắc với thời điểm lịch sử `at`; ' +
      'nhập lại cùng externalId không tạo sự kiện mới; một bước đã lưu gửi lại với nội dung khác bị từ chối (409). Mỗi sự kiện ghi người nhập (importedBy) ' +
      'và lô (batchId). Lịch sử chỉ được ghi vào kế hoạch trong phạm vi của người nhập, do nhập hoặc của năm đã qua, và không trước ngày lập kế hoạch. ' +
      'Trả 200 với batchId và kết quả từng bản ghi: imported | skipped | failed.',
  })
  @ApiBody({
    schema: {
      oneOf: [{ type: 'object' }, { type: 'array', maxItems: MAX_IMPORT_BATCH, items: { type: 'object' } }],
      example: {
        externalId: 'BD-2016-014',
        registration: { '…': 'nội dung POST /de-an', organisation: 'htx-tay-son', registeredAt: '2016-04-10T03:00:00Z' },
        steps: [
          {
            type: 'council',
            at: '2016-06-01T02:00:00Z',
            actor: { sub: 'cb-01', role: 'officer', name: 'Cán bộ' },
            members: [{ sub: 'hd-01', name: 'Chủ tịch' }],
            chair: 'hd-01',
          },
        ],
      },
      description:
        `Bản ghi đề án { externalId, registration, steps: [{ type, at, actor, …nội dung bước }] } với type ∈ ${STEP_NAMES.join(', ')}; ` +
        'hoặc bản ghi kế hoạch { kind: "plan", externalId, plan: { …nội dung POST /plans, createdAt } }.',
    },
  })
  async importDeAn(@CurrentActor() actor: Actor, @Body() body: unknown, @Req() request: Request) {
    const records = Array.isArray(body) ? body : isPlainObject(body) ? [body] : undefined;
    if (!records || records.length === 0 || records.length > MAX_IMPORT_BATCH) {
      throw new ProblemException(
        problem(400, `Nội dung phải là một bản ghi hoặc một mảng từ 1 đến ${MAX_IMPORT_BATCH} bản ghi`, {
          errors: [{ field: 'body', message: records ? `mảng có ${records.length} bản ghi` : 'không phải đối tượng hoặc mảng JSON' }],
        }),
      );
    }
    // The caller is recorded as importedBy on every event; a province's officer imports that province's history only.
    const importer = new HistoryImport(this.commands, this.decider, {
      importer: actor,
      // Set (and checked) by the request log middleware: the events of this request say which request brought them.
      ...(typeof request.headers['x-request-id'] === 'string' ? { correlationId: request.headers['x-request-id'] } : {}),
      onUnexpectedError: (error, result) =>
        this.logger.error({
          msg: 'import failed unexpectedly',
          externalId: result.externalId,
          index: result.index,
          error: String((error as Error)?.stack ?? error),
        }),
    });
    const started = Date.now();
    const results = await importer.importAll(records.map((record, index) => ({ record, index })));
    const summary = summarize(results);
    this.logger.log({
      msg: 'history import',
      by: actor.sub,
      batchId: importer.batchId,
      records: records.length,
      ...summary,
      ms: Date.now() - started,
    });
    return { batchId: importer.batchId, summary, results };
  }
}
