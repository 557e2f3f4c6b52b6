/**
 * The user directory (docs/API.md, docs/AUTH.md): admins create, change, disable users and reset
 * their passwords; a province admin only within their province (users elsewhere do not exist for
 * them: 404). Every act is an event of the user's stream, recorded as the admin who did it.
 */
import { Body, Controller, Delete, Get, HttpCode, Inject, Param, Patch, Post, Query, Req, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiHeader, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { Actor, IllegalTransitionError, managesUser, UserState } from '@app/domain';
import { idempotentId, SQL_CLIENT, UserDirectory, WeakPasswordError } from '@app/application';
import { listUsers, READ_MODELS_SCHEMA } from '@app/projections';
import { SqlClient } from '@app/event-store';
import { CurrentActor, Roles } from '../auth/auth';
import { USER_DIRECTORY } from '../auth/authenticator';
import { commandContext, commandRequest, IDEMPOTENCY_KEY_HEADER, IF_MATCH_HEADER } from '../http/command-request';
import { notFound, problem, ProblemException } from '../http/problem';
import { ChangeUserDto, CreateUserDto, ListUsersQuery } from './users.dto';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const NOT_FOUND = 'Không tìm thấy người dùng';

function userView(state: UserState, version: number) {
  if (state.status === 'Initial') return undefined;
  return { id: state.userId, ...state.profile, status: state.status, locked: state.locked, version };
}

/** Weak passwords and taken usernames, as the problems users can act on. */
async function asProblem<T>(act: () => Promise<T>): Promise<T> {
  try {
    return await act();
  } catch (error) {
    if (error instanceof WeakPasswordError)
      throw new ProblemException(problem(400, error.reason, { errors: [{ field: 'password', message: error.reason }] }));
    if (error instanceof IllegalTransitionError && error.command === 'CreateUser')
      throw new ProblemException(problem(409, 'Tên đăng nhập đã có người dùng; chọn tên khác'));
    throw error;
  }
}

@ApiTags('người dùng')
@ApiBearerAuth()
@Controller('users')
@Roles('admin')
export class UsersController {
  constructor(
    @Inject(USER_DIRECTORY) private readonly directory: UserDirectory,
    @Inject(SQL_CLIENT) private readonly sql: SqlClient,
  ) {}

  @Post()
  @ApiHeader(IDEMPOTENCY_KEY_HEADER)
  @ApiOperation({ summary: 'Tạo người dùng (quản trị cấp tỉnh: người dùng của tỉnh mình)' })
  async create(@CurrentActor() actor: Actor, @Body() dto: CreateUserDto, @Req() req: Request, @Res({ passthrough: true }) res: Response) {
    const request = commandRequest(req);
    const { password, ...profile } = dto;
    const commandId = request.idempotencyKey ? idempotentId(actor, request.idempotencyKey, 'command:user') : undefined;
    const created = await asProblem(() =>
      this.directory.create(actor, { ...profile, councilEligible: profile.councilEligible ?? false }, password, commandContext(request), commandId),
    );
    res.status(created.duplicate ? 200 : 201).setHeader('ETag', `"${created.version}"`);
    return { id: created.userId, version: created.version };
  }

  @Get()
  @ApiOperation({ summary: 'Danh sách người dùng (quản trị cấp tỉnh: của tỉnh mình)' })
  async list(@CurrentActor() actor: Actor, @Query() query: ListUsersQuery) {
    if (actor.province !== undefined && query.province !== undefined && query.province !== actor.province) return { items: [] };
    return listUsers(this.sql, READ_MODELS_SCHEMA, {
      ...(actor.province !== undefined || query.province !== undefined ? { province: actor.province ?? query.province } : {}),
      ...(query.role ? { role: query.role } : {}),
      ...(query.status ? { status: query.status } : {}),
      ...(query.councilEligible ? { councilEligible: query.councilEligible === 'true' } : {}),
    });
  }

  @Get('council')
  @Roles('officer', 'admin')
  @ApiOperation({ summary: 'Người có thể cử vào hội đồng (đang hoạt động): để cán bộ lập hội đồng' })
  async council() {
    const { items } = await listUsers(this.sql, READ_MODELS_SCHEMA, { status: 'Active' });
    return {
      items: items.filter((u) => u.councilEligible || u.role === 'council').map((u) => ({ id: u.id, displayName: u.displayName, role: u.role })),
    };
  }

  @Get(':id')
  @ApiOperation({ summary: 'Một người dùng, với các phiên đăng nhập đang mở' })
  async get(@CurrentActor() actor: Actor, @Param('id') id: string, @Res({ passthrough: true }) res: Response) {
    const { view } = await this.visible(actor, id);
    res.setHeader('ETag', `"${view.version}"`);
    return { ...view, sessions: await this.directory.identity.sessionsOf(id) };
  }

  @Patch(':id')
  @ApiHeader(IF_MATCH_HEADER)
  @ApiOperation({ summary: 'Sửa vai trò, phạm vi, trạng thái; đặt lại mật khẩu hoặc mở khoá' })
  async change(
    @CurrentActor() actor: Actor,
    @Param('id') id: string,
    @Body() dto: ChangeUserDto,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ) {
    await this.visible(actor, id);
    const changed = await asProblem(() => this.directory.change(actor, id, dto, commandContext(commandRequest(req))));
    res.setHeader('ETag', `"${changed.version}"`);
    return userView(changed.state, changed.version);
  }

  @Delete(':id/sessions')
  @HttpCode(200)
  @ApiOperation({ summary: 'Kết thúc mọi phiên đăng nhập của người dùng' })
  async revoke(@CurrentActor() actor: Actor, @Param('id') id: string) {
    await this.visible(actor, id);
    return { revoked: await this.directory.identity.revokeSessions(id) };
  }

  /** The user, if this admin may see them (a province admin: their province's). */
  private async visible(actor: Actor, id: string) {
    if (!UUID.test(id)) throw notFound(NOT_FOUND);
    const { state, version } = await this.directory.state(id);
    const view = userView(state, version);
    if (!view || state.status === 'Initial' || !managesUser(actor, state.profile)) throw notFound(NOT_FOUND);
    return { view, state };
  }
}
