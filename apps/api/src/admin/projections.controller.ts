/**
 * Administration of the read models: each projection's status, and a rebuild from the start of the
 * log (in the background: the answer is 202 and progress shows in the status).
 */
import { Body, Controller, Get, HttpCode, Post } from '@nestjs/common';
import { ApiAcceptedResponse, ApiBearerAuth, ApiOperation, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsOptional, IsString, MaxLength } from 'class-validator';
import { Actor } from '@app/domain';
import { RebuildInProgressError, UnknownProjectionError } from '@app/projections';
import { CurrentActor, Roles } from '../auth/auth';
import { problem, ProblemException } from '../http/problem';
import { ReadModels } from '../read/read-models.service';

export class RebuildProjectionsDto {
  @ApiPropertyOptional({ description: 'Tên projection cần dựng lại; bỏ trống để dựng lại tất cả', example: 'de-an-list' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  name?: string;
}

const STATUS_DESCRIPTION =
  'Mỗi projection: state (running | standby | rebuilding | stopped, theo tiến trình này), owner ' +
  '(this-process | other-process | none | unknown), position (checkpoint), lag (số sự kiện chưa áp dụng, đếm tối đa 10.000), ' +
  'applied (số sự kiện tiến trình này đã áp dụng), lastError, rebuild (tiến độ lần dựng lại / kiểm tra gần nhất).';

@ApiTags('quản trị')
@ApiBearerAuth()
@Controller('admin/projections')
export class ProjectionsAdminController {
  constructor(private readonly read: ReadModels) {}

  @Get()
  @Roles('admin')
  @ApiOperation({ summary: 'Trạng thái các read model (projection)', description: STATUS_DESCRIPTION })
  async status() {
    return { projections: await this.read.status() };
  }

  @Post('rebuild')
  @HttpCode(202)
  @Roles('admin')
  @ApiOperation({
    summary: 'Dựng lại read model từ đầu nhật ký sự kiện',
    description:
      'Dựng bản mới trong schema tạm rồi hoán đổi trong một giao dịch; việc đọc vẫn tiếp tục trong lúc dựng. ' +
      'Chạy nền: trả 202 kèm trạng thái; theo dõi tiến độ qua GET /admin/projections. 404 nếu không có projection tên đó, ' +
      '409 nếu đang có lần dựng lại khác.',
  })
  @ApiAcceptedResponse({ description: 'Đã bắt đầu dựng lại; `accepted` là các projection sẽ được dựng lại, `projections` là trạng thái hiện tại.' })
  async rebuild(@CurrentActor() actor: Actor, @Body() dto: RebuildProjectionsDto) {
    let accepted: readonly string[];
    try {
      accepted = await this.read.rebuildInBackground(dto.name, actor.sub);
    } catch (error) {
      if (error instanceof UnknownProjectionError) {
        throw new ProblemException(problem(404, `Không có read model tên "${error.projection}"`, { projections: error.known }));
      }
      if (error instanceof RebuildInProgressError) {
        throw new ProblemException(
          problem(409, 'Đang dựng lại read model; vui lòng chờ lần dựng lại hiện tại hoàn tất', { projections: error.projections }),
        );
      }
      throw error;
    }
    return { accepted, projections: await this.read.status() };
  }
}
