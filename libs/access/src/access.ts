/**
 * Who may see what: one policy, in two forms generated from the same scope — a predicate on a
 * loaded đề án or plan (`canSee`, `canSeePlan`) and the SQL condition of every list, deadline,
 * notification and report query over the read models (`scopeCondition`). Applicants see their
 * organisation's đề án; council members the đề án they are assigned to; province-scoped officers,
 * approvers and finance their province's; national staff, auditors and admins everything. What a
 * caller may not see does not exist for them (404), and never appears in a list.
 */
import { Actor, DeAnState, PlanHeader } from '@app/domain';

export type Scope =
  | { readonly kind: 'all' }
  | { readonly kind: 'organisation'; readonly organisation: string }
  | { readonly kind: 'province'; readonly province: string }
  | { readonly kind: 'council'; readonly member: string }
  | { readonly kind: 'nothing' };

const ALL: Scope = { kind: 'all' };
const NOTHING: Scope = { kind: 'nothing' };

/** The đề án an actor may see. */
export function deAnScope(actor: Actor): Scope {
  switch (actor.role) {
    case 'applicant':
      return actor.org !== undefined ? { kind: 'organisation', organisation: actor.org } : NOTHING;
    case 'council':
      return { kind: 'council', member: actor.sub };
    case 'officer':
    case 'approver':
    case 'finance':
      return actor.province !== undefined ? { kind: 'province', province: actor.province } : ALL;
    case 'auditor':
    case 'admin':
      return ALL;
    case 'system':
      return NOTHING; // the engine acts on streams directly, never through the HTTP API
  }
}

/** The plans an actor may see: province staff their province's, the others (whom the routes let in) all. */
export function planScope(actor: Actor): Scope {
  const scope = deAnScope(actor);
  return scope.kind === 'province' ? scope : actor.role === 'applicant' || actor.role === 'council' || actor.role === 'system' ? NOTHING : ALL;
}

export function canSee(actor: Actor, state: DeAnState): boolean {
  if (state.status === 'Initial') return false;
  const { dossier } = state;
  const scope = deAnScope(actor);
  switch (scope.kind) {
    case 'all':
      return true;
    case 'organisation':
      return dossier.organisation === scope.organisation;
    case 'province':
      return dossier.proposal.province === scope.province;
    case 'council':
      return dossier.council?.members.some((m) => m.sub === scope.member) ?? false;
    case 'nothing':
      return false;
  }
}

export function canSeePlan(actor: Actor, plan: Pick<PlanHeader, 'province'>): boolean {
  const scope = planScope(actor);
  return scope.kind === 'all' || (scope.kind === 'province' && plan.province === scope.province);
}

/**
 * Where a read model keeps what the scope looks at. A table without the council's members names the
 * đề án by id, and the đề án list (which has them) answers for it.
 */
export interface ScopeColumns {
  readonly organisation: string;
  readonly province: string;
  readonly council: { readonly array: string } | { readonly deAnId: string; readonly deAnList: string };
}

/** The scope as an SQL condition with `?` placeholders and their values; undefined when nothing is left out. */
export function scopeCondition(scope: Scope, columns: ScopeColumns): { readonly clause: string; readonly values: readonly unknown[] } | undefined {
  switch (scope.kind) {
    case 'all':
      return undefined;
    case 'organisation':
      return { clause: `${columns.organisation} = ?`, values: [scope.organisation] };
    case 'province':
      return { clause: `${columns.province} = ?`, values: [scope.province] };
    case 'council':
      return 'array' in columns.council
        ? { clause: `? = ANY(${columns.council.array})`, values: [scope.member] }
        : { clause: `${columns.council.deAnId} IN (SELECT id FROM ${columns.council.deAnList} WHERE ? = ANY(council))`, values: [scope.member] };
    case 'nothing':
      return { clause: 'false', values: [] };
  }
}
