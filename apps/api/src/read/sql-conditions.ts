/** SQL conditions with numbered parameters: each `?` of a clause takes the next value; `scope` adds the access policy's. */
import { Scope, scopeCondition, ScopeColumns } from '@app/application';
import { READ_MODELS_SCHEMA } from '@app/projections';

export function conditions() {
  const where: string[] = [];
  const params: unknown[] = [];
  const add = (clause: string, ...values: unknown[]) => where.push(values.reduce<string>((c, v) => c.replace('?', `$${params.push(v)}`), clause));
  const scope = (of: Scope, columns: ScopeColumns) => {
    const condition = scopeCondition(of, columns);
    if (condition) add(condition.clause, ...condition.values);
  };
  return { where, params, add, scope };
}

/** The đề án list holds the council's members itself. */
export const DE_AN_COLUMNS: ScopeColumns = { organisation: 'organisation', province: 'province', council: { array: 'council' } };
/** Deadlines and notifications name their đề án; its council comes from the đề án list. */
export const BY_DE_AN_COLUMNS: ScopeColumns = {
  organisation: 'organisation', province: 'province', council: { deAnId: 'de_an_id', deAnList: `${READ_MODELS_SCHEMA}.de_an` },
};
/** Plans have no organisation or council: only their province scopes them. */
export const PLAN_COLUMNS: ScopeColumns = { organisation: 'NULL', province: 'province', council: { array: 'ARRAY[]::text[]' } };
