/**
 * The dossier's documents: uploaded as raw bytes (create-app.ts gives this route its own body
 * limit), stored under the SHA-256 the server computes, and cited by the đề án as `{name, sha256}`.
 * A document is served only to someone who may see a đề án whose history cites it.
 */
import { Controller, Get, HttpCode, Inject, Param, Post, Query, Req, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiConsumes, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { Actor } from '@app/domain';
import { AttachmentCorruptedError, AttachmentStore, REGISTRATION } from '@app/application';
import { CurrentActor, Roles } from '../auth/auth';
import { DeAnService } from '../de-an/de-an.service';
import { notFound, problem, ProblemException } from '../http/problem';

export const ATTACHMENT_STORE = Symbol('ATTACHMENT_STORE');

const SHA256 = /^[0-9a-f]{64}$/;
/** A file's name as the dossier lists it: no path, no control characters. */
const FILE_NAME = /^[^\\/\p{Cc}]{1,200}$/u;

const invalid = (field: string, message: string) => new ProblemException(problem(400, `${field} không hợp lệ`, { errors: [{ field, message }] }));

@ApiTags('tài liệu')
@ApiBearerAuth()
@Controller()
export class AttachmentsController {
  constructor(
    @Inject(ATTACHMENT_STORE) private readonly attachments: AttachmentStore,
    private readonly deAn: DeAnService,
  ) {}

  @Post('attachments')
  @HttpCode(201)
  @Roles(...REGISTRATION.roles)
  @ApiOperation({ summary: 'Tải lên tài liệu kèm theo (nội dung thô); trả về SHA-256 để đề án trích dẫn' })
  @ApiConsumes('application/octet-stream')
  @ApiBody({ schema: { type: 'string', format: 'binary' } })
  @ApiQuery({ name: 'name', description: 'tên tệp, ví dụ thuyet-minh.pdf' })
  async upload(@CurrentActor() actor: Actor, @Req() req: Request, @Query('name') name?: string) {
    if (typeof name !== 'string' || !FILE_NAME.test(name)) throw invalid('name', 'tên tệp từ 1 đến 200 ký tự, không chứa / hoặc \\');
    const content = req.body as unknown;
    if (!Buffer.isBuffer(content) || content.length === 0) throw invalid('body', 'tệp rỗng hoặc không gửi nội dung');
    const mediaType = (req.headers['content-type'] ?? 'application/octet-stream').split(';')[0]!.trim().slice(0, 200);
    const stored = await this.attachments.put(content, mediaType, actor.sub, new Date());
    return { name, ...stored };
  }

  @Get('de-an/:id/attachments/:sha256')
  @Roles('applicant', 'officer', 'council', 'approver', 'finance', 'auditor', 'admin')
  @ApiOperation({ summary: 'Tải về tài liệu mà hồ sơ đề án trích dẫn (kiểm tra lại SHA-256 khi đọc)' })
  async download(@CurrentActor() actor: Actor, @Param('id') id: string, @Param('sha256') sha256: string, @Res() res: Response) {
    if (!SHA256.test(sha256)) throw invalid('sha256', '64 chữ số thập lục phân thường');
    const { events } = await this.deAn.visible(actor, id);
    const cited = events.flatMap((e) => citedAttachments(e.data)).find((a) => a.sha256 === sha256);
    if (!cited) throw notFound('Hồ sơ đề án không có tài liệu này');
    const stored = await this.attachments.get(sha256).catch((error: unknown) => {
      if (!(error instanceof AttachmentCorruptedError)) throw error;
      throw new ProblemException(
        problem(500, 'Nội dung tài liệu không còn khớp mã SHA-256 đã ghi: dữ liệu đã bị thay đổi ngoài hệ thống, báo quản trị viên'),
      );
    });
    if (!stored) throw notFound('Tài liệu chưa được tải lên hệ thống (chỉ có mã SHA-256 trong hồ sơ)');
    res.setHeader('Content-Type', stored.mediaType);
    res.setHeader('Content-Length', String(stored.size));
    res.setHeader('Content-Disposition', `attachment; filename*=UTF-8''${encodeURIComponent(cited.name)}`);
    res.setHeader('Digest', `sha-256=${Buffer.from(sha256, 'hex').toString('base64')}`);
    res.end(stored.content);
  }
}

/** The `{name, sha256}` an event's data cites: the registration's attachments, or a revision's changed ones. */
function citedAttachments(data: unknown): { name: string; sha256: string }[] {
  const record = data as { attachments?: unknown; changes?: { attachments?: unknown } } | null;
  const lists = [record?.attachments, record?.changes?.attachments];
  return lists.flatMap((list) => (Array.isArray(list) ? (list as { name: string; sha256: string }[]) : []));
}
