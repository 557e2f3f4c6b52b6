/**
 * GET /deadlines (open deadlines, or only the overdue ones) and GET /notifications (reminders and
 * missed deadlines addressed to the caller), scoped by the access policy like the đề án list
 * (libs/application/src/access.ts): a council member sees only the đề án they are assigned to.
 */
import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Actor } from '@app/domain';
import { NOTIFICATIONS_SCHEMA } from '@app/scheduler';
import { deAnScope } from '@app/application';
import { CurrentActor, Roles } from '../auth/auth';
import { ReadModels } from '../read/read-models.service';
import { BY_DE_AN_COLUMNS, conditions } from '../read/sql-conditions';
import { ListDeadlinesQuery, ListNotificationsQuery } from './deadlines.dto';

@ApiTags('thời hạn')
@ApiBearerAuth()
@Controller()
export class DeadlinesController {
  constructor(private readonly read: ReadModels) {}

  @Get('deadlines')
  @Roles('applicant', 'officer', 'council', 'approver', 'finance', 'auditor', 'admin')
  @ApiOperation({ summary: 'Các thời hạn đang mở của đề án (overdue=true: đã quá hạn)' })
  async deadlines(@CurrentActor() actor: Actor, @Query() query: ListDeadlinesQuery) {
    const { where, params, add, scope } = conditions();
    scope(deAnScope(actor), BY_DE_AN_COLUMNS);
    if (query.province) add('province = ?', query.province);
    if (query.kind) add('kind = ?', query.kind);
    if (query.deAnId) add('de_an_id = ?', query.deAnId);
    // Imported history whose deadlines were past when it was recorded is not listed: nobody owes it now.
    add('live');
    if (query.overdue === 'true') add('due_at < ?', new Date().toISOString());
    const { rows } = await this.read.sql.query<{ de_an_id: string; deadline_id: string; kind: string; due_at: Date; title: string; province: string; organisation: string; legal_basis: string; reminders: unknown }>(
      `SELECT de_an_id, deadline_id, kind, due_at, title, province, organisation, legal_basis, reminders
       FROM ${this.read.schema}.deadlines WHERE ${where.join(' AND ')} ORDER BY due_at, de_an_id, deadline_id LIMIT ${query.limit ?? 100}`, params);
    const now = Date.now();
    return {
      items: rows.map((r) => ({
        deAnId: r.de_an_id, deadlineId: r.deadline_id, kind: r.kind, dueAt: new Date(r.due_at).toISOString(), overdue: new Date(r.due_at).getTime() < now,
        title: r.title, province: r.province, organisation: r.organisation, legalBasis: r.legal_basis, reminders: r.reminders,
      })),
    };
  }

  @Get('notifications')
  @Roles('applicant', 'officer', 'council', 'approver', 'finance', 'auditor', 'admin')
  @ApiOperation({ summary: 'Thông báo nhắc hạn và quá hạn gửi tới người dùng (mới nhất trước)' })
  async notifications(@CurrentActor() actor: Actor, @Query() query: ListNotificationsQuery) {
    const { where, params, add, scope } = conditions();
    // Addressed to the caller's role (auditors and admins read them all), about a đề án the caller may see.
    if (actor.role !== 'auditor' && actor.role !== 'admin') add('? = ANY(remind)', actor.role);
    scope(deAnScope(actor), BY_DE_AN_COLUMNS);
    if (query.deAnId) add('de_an_id = ?', query.deAnId);
    const { rows } = await this.read.sql.query<{ id: string; de_an_id: string; deadline_id: string; kind: string; before: string; due_at: Date; title: string; message: string; created_at: Date; webhook: string }>(
      `SELECT id, de_an_id, deadline_id, kind, before, due_at, title, message, created_at, webhook
       FROM ${NOTIFICATIONS_SCHEMA}.notifications ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
       ORDER BY created_at DESC, id LIMIT ${query.limit ?? 50}`, params);
    return {
      items: rows.map((r) => ({
        id: r.id, deAnId: r.de_an_id, deadlineId: r.deadline_id, kind: r.kind, missed: r.before === 'due', remindBefore: r.before === 'due' ? null : r.before,
        dueAt: new Date(r.due_at).toISOString(), title: r.title, message: r.message, createdAt: new Date(r.created_at).toISOString(), webhook: r.webhook,
      })),
    };
  }
}
