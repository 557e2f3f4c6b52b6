/**
 * KCQG's two levels (TT 36/2013/TT-BCT Điều 8–10, 17): the Sở Công Thương appraises the dossier,
 * forwards it and does the base-level acceptance; the Ministry's Cục appraises it again, the Ministry
 * approves it, the Cục signs the contract and accepts the results. KCĐP is one level in the province.
 * The decider refuses an act of the other level's staff, and the API offers the step only to its own.
 */
import { DeAnCommandType } from './commands';
import { DeAnState, Dossier } from './state';
import { RuleBook, versionInForce } from '../rules';
import { NotPermittedError } from '../shared/errors';
import { Actor } from '../shared/messages';

/** Whether the đề án goes through both levels: KCQG, under a calendar (the one in force at its registration) that has a forwarding day. */
export function twoLevel(dossier: Dossier, rules: RuleBook): boolean {
  return dossier.proposal.fundingSource === 'KCQG' && versionInForce(rules.kcqgRegistration, dossier.registeredOn).value.forwardBefore !== undefined;
}

/** The level whose staff act next on a two-level đề án: the Sở's until the dossier is forwarded and again for the first acceptance, the Ministry's otherwise. */
function actingLevel(state: Exclude<DeAnState, { status: 'Initial' }>): 'province' | 'ministry' {
  switch (state.status) {
    case 'Registered':
    case 'BaseAppraised':
    case 'Completed':
      return 'province';
    case 'UnderAppraisal':
    case 'RevisionRequested':
      return 'baseAppraisal' in state.dossier ? 'ministry' : 'province';
    default:
      return 'ministry';
  }
}

const STAFF: readonly Actor['role'][] = ['officer', 'approver', 'finance'];

/**
 * The acts that belong to one level. Registration, the applicant's own acts and inspections are open to both
 * (the Sở monitors the đề án in its province, TT 36/2013/TT-BCT Điều 23); the Ministry pays, adjusts, suspends
 * and settles what it contracted.
 */
const LEVELLED: readonly DeAnCommandType[] = [
  'AssignCouncil',
  'RequestRevision',
  'ConcludeAppraisal',
  'ForwardToMinistry',
  'ApproveDeAn',
  'RejectDeAn',
  'SignContract',
  'PayAdvance',
  'DecideAdjustment',
  'SuspendDeAn',
  'ResumeDeAn',
  'StopDeAn',
  'RecordAcceptance',
  'SettleDeAn',
];

/**
 * Why the actor may not act at the đề án's current level, or undefined when they may: the Sở's staff (an
 * actor of a province) at the province's level, the Ministry's (no province) at the Ministry's. Council
 * members act by their assignment, checked by the step itself.
 */
export function levelRefusal(command: DeAnCommandType, state: DeAnState, actor: Actor, rules: RuleBook): string | undefined {
  if (state.status === 'Initial' || !LEVELLED.includes(command) || !STAFF.includes(actor.role) || !twoLevel(state.dossier, rules)) return undefined;
  const level = actingLevel(state);
  if (level === 'ministry' && actor.province !== undefined) {
    return 'Bước này của đề án khuyến công quốc gia do Bộ Công Thương (Cục) thực hiện, không phải Sở Công Thương';
  }
  if (level === 'province' && actor.province === undefined) {
    return 'Bước này của đề án khuyến công quốc gia do Sở Công Thương thực hiện (cấp cơ sở)';
  }
  return undefined;
}

export function requireActingLevel(command: DeAnCommandType, state: DeAnState, actor: Actor, rules: RuleBook): void {
  const refusal = levelRefusal(command, state, actor, rules);
  if (refusal) throw new NotPermittedError(refusal);
}
