/** SQL conditions with numbered parameters: each `?` of a clause takes the next value. */
export function conditions() {
  const where: string[] = [];
  const params: unknown[] = [];
  const add = (clause: string, ...values: unknown[]) => where.push(values.reduce<string>((c, v) => c.replace('?', `$${params.push(v)}`), clause));
  return { where, params, add };
}
