/** GET /de-an and GET /plans: filtered, paged lists from the read models, scoped to what the caller may see. */
import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { Actor, STATUS_LABELS, DeAnStatus } from '@app/domain';
import { deAnScope, planScope } from '@app/application';
import { CurrentActor, Roles } from '../auth/auth';
import { ListDeAnQuery, ListPlansQuery } from './list.dto';
import { ReadModels } from './read-models.service';
import { conditions, DE_AN_COLUMNS, PLAN_COLUMNS } from './sql-conditions';

@ApiTags('danh sách')
@ApiBearerAuth()
@Controller()
export class ListController {
  constructor(private readonly read: ReadModels) {}

  @Get('de-an')
  @Roles('applicant', 'officer', 'council', 'approver', 'finance', 'auditor', 'admin')
  async deAn(@CurrentActor() actor: Actor, @Query() query: ListDeAnQuery) {
    const { where, params, add, scope } = conditions();
    scope(deAnScope(actor), DE_AN_COLUMNS);
    if (query.status) add('status = ?', query.status);
    if (query.planYear !== undefined) add('plan_year = ?', query.planYear);
    if (query.province) add('province = ?', query.province);
    if (query.contentArea) add('content_area = ?', query.contentArea);
    if (query.fundingSource) add('funding_source = ?', query.fundingSource);
    if (query.cursor) add('id > ?', query.cursor);
    const limit = query.limit ?? 50;
    params.push(limit + 1);
    const { rows } = await this.read.sql.query<Record<string, unknown>>(
      `SELECT id, title, organisation, province, plan_year, content_area, activity, funding_source, status,
              requested_support::text, approved_support::text, settled_support::text, plan_id, registered_on::text, version
       FROM ${this.read.schema}.de_an ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY id LIMIT $${params.length}`, params);
    const page = rows.slice(0, limit);
    return {
      items: page.map((r) => ({
        id: r.id, title: r.title, organisation: r.organisation, province: r.province, planYear: r.plan_year, contentArea: r.content_area,
        activity: r.activity, fundingSource: r.funding_source, status: r.status, statusLabel: STATUS_LABELS[r.status as DeAnStatus],
        requestedSupport: Number(r.requested_support), approvedSupport: Number(r.approved_support),
        settledSupport: r.settled_support === null ? null : Number(r.settled_support), planId: r.plan_id, registeredOn: r.registered_on, version: r.version,
      })),
      nextCursor: rows.length > limit ? (page.at(-1)!.id as string) : null,
    };
  }

  @Get('plans')
  @Roles('officer', 'approver', 'finance', 'auditor', 'admin')
  async plans(@CurrentActor() actor: Actor, @Query() query: ListPlansQuery) {
    const { where, params, add, scope } = conditions();
    scope(planScope(actor), PLAN_COLUMNS);
    if (query.year !== undefined) add('year = ?', query.year);
    if (query.province) add('province = ?', query.province);
    const { rows } = await this.read.sql.query<Record<string, unknown>>(
      `SELECT id, year, funding_source, level, province, allocation::text, committed::text, settled::text, status, version
       FROM ${this.read.schema}.plans ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY year DESC, id LIMIT 500`, params);
    return {
      items: rows.map((r) => ({
        id: r.id, year: r.year, fundingSource: r.funding_source, level: r.level, province: r.province, status: r.status, version: r.version,
        allocation: Number(r.allocation), committed: Number(r.committed), settled: Number(r.settled),
        remaining: Number(r.allocation) - Number(r.committed) - Number(r.settled),
      })),
    };
  }
}
