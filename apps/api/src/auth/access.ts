/**
 * Who may see which đề án. Applicants: their organisation's; council members: the đề án they are
 * assigned to; province-scoped officers, approvers and finance: their province's; national staff,
 * auditors and admins: all. What a caller may not see does not exist for them (404).
 */
import { Actor, DeAnState } from '@app/domain';

export function canSee(actor: Actor, state: DeAnState): boolean {
  if (state.status === 'Initial') return false;
  const { dossier } = state;
  switch (actor.role) {
    case 'applicant':
      return actor.org === dossier.organisation;
    case 'council':
      return dossier.council?.members.some((m) => m.sub === actor.sub) ?? false;
    case 'officer':
    case 'approver':
    case 'finance':
      return actor.province === undefined || actor.province === dossier.proposal.province;
    case 'auditor':
    case 'admin':
      return true;
    case 'system':
      return false; // the engine acts on streams directly, never through the HTTP API
  }
}
