/**
 * The step catalogue against the HTTP contract (docs/API.md): every command endpoint of its đề án
 * table is a step with the same route, the same roles and the same rule (owner, council chair,
 * assigned member), and there is no step the contract does not list. The routes, the import and the
 * authorization tests are generated from the catalogue, so this is where it meets the written contract.
 */
import 'reflect-metadata';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Role, ROLES } from '@app/domain';
import { REGISTRATION, StepRule, STEPS } from './catalogue';

const API_MD = readFileSync(join(__dirname, '..', '..', '..', '..', 'docs', 'API.md'), 'utf8');

interface Row {
  readonly route: string;
  readonly roles: readonly Role[];
  readonly rule?: StepRule;
}

/** The rows `| \`POST /de-an/:id/…\`[, \`/…\`] | roles | body |` of the đề án table. */
function contractRows(): Row[] {
  return API_MD.split('\n')
    .filter((line) => line.startsWith('| `POST /de-an'))
    .flatMap((line) => {
      const [, paths, who] = line.split('|').map((cell) => cell.trim());
      const routes = [...paths!.matchAll(/`(?:POST )?\/?(?:de-an\/:id\/)?([^`]*)`/g)].map((m) => m[1]!.replace(/^de-an$/, ''));
      const roles = who!.split(',').map((part) => part.trim().split(' ')[0]!) as Role[];
      const rule: StepRule | undefined = /\(owner\)/.test(who!)
        ? 'owner'
        : /council chair/.test(who!)
          ? 'council-chair'
          : /council \(assigned\)/.test(who!)
            ? 'council-member'
            : undefined;
      return routes.map((route) => ({ route, roles, ...(rule ? { rule } : {}) }));
    });
}

describe('the step catalogue is the HTTP contract of docs/API.md', () => {
  const rows = contractRows();

  it("reads the contract's rows (registration and the 22 steps)", () => {
    expect(rows).toHaveLength(STEPS.length + 1);
    for (const row of rows) for (const role of row.roles) expect(ROLES).toContain(role);
  });

  it('registration: the same roles', () => {
    expect(rows.find((r) => r.route === '')?.roles).toEqual(REGISTRATION.roles);
  });

  it.each(STEPS.map((step) => [step.name, step] as const))("%s: its route, roles and rule are the contract's", (_name, step) => {
    const row = rows.find((r) => r.route === step.route);
    expect(row).toBeDefined();
    expect([...step.roles].sort()).toEqual([...row!.roles].sort());
    expect(step.rule).toEqual(row!.rule);
  });

  it('has one step per name and per route, each with a summary in Vietnamese', () => {
    expect(new Set(STEPS.map((s) => s.name)).size).toBe(STEPS.length);
    expect(new Set(STEPS.map((s) => s.route)).size).toBe(STEPS.length);
    for (const step of STEPS) expect([...step.summary].some((c) => c.charCodeAt(0) > 127)).toBe(true); // Vietnamese: never plain ASCII
  });
});
