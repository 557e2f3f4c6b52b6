/** SQL conditions with numbered parameters: each `?` of a clause takes the next value; `scope` adds the access policy's. */
import { Scope, scopeCondition, ScopeColumns } from '@app/access';

export function conditions() {
  const where: string[] = [];
  const params: unknown[] = [];
  const add = (clause: string, ...values: unknown[]) => where.push(values.reduce<string>((c, v) => c.replace('?', `$${params.push(v)}`), clause));
  const scope = (of: Scope, columns: ScopeColumns) => {
    const condition = scopeCondition(of, columns);
    if (condition) add(condition.clause, ...condition.values);
  };
  /** `WHERE …`, or nothing when there is no condition. */
  const clause = () => (where.length ? `WHERE ${where.join(' AND ')}` : '');
  return { where, params, add, scope, clause };
}
