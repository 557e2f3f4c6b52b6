/**
 * What a đề án's new events mean for the books of its plan. The application appends the đề án's
 * events and these plan events in one atomic append, so an approval that the plan cannot afford
 * is refused as a whole and the plan's books always equal the sum of its đề án.
 */
import { DeAnCommand } from './commands';
import { DeAnEvent } from './events';
import { DeAnState } from './state';
import { PlanCommand } from '../plan/plan';

export interface PlanEffect {
  readonly planId: string;
  readonly command: Omit<PlanCommand, 'metadata'>;
}

export function planEffects(before: DeAnState, events: readonly DeAnEvent[]): PlanEffect[] {
  if (before.status === 'Initial') return [];
  const { dossier } = before;
  const deAnId = dossier.id;
  const planId = 'approval' in dossier && dossier.approval ? dossier.approval.planId : undefined;
  const effects: PlanEffect[] = [];
  for (const event of events) {
    switch (event.type) {
      case 'DeAnApproved': {
        if (event.data.approvedSupport === 0) break; // no state funding: nothing to commit
        const { fundingSource, level, planYear, province } = dossier.proposal;
        effects.push({
          planId: event.data.planId,
          command: {
            type: 'CommitSupport',
            data: { deAnId, amount: event.data.approvedSupport, deAn: { fundingSource, level, planYear, province } },
          },
        });
        break;
      }
      case 'AdjustmentApproved':
        if (planId && event.data.approvedSupport !== event.data.previousApprovedSupport) {
          effects.push({ planId, command: { type: 'ChangeCommitment', data: { deAnId, amount: event.data.approvedSupport } } });
        }
        break;
      case 'DeAnStopped':
      case 'DeAnWithdrawn':
        if (planId && event.data.releasedSupport > 0) {
          effects.push({ planId, command: { type: 'ReleaseCommitment', data: { deAnId, reason: event.data.reason } } });
        }
        break;
      case 'DeAnSettled':
        if (planId && dossier.approvedSupport > 0)
          effects.push({ planId, command: { type: 'RecordPlanSettlement', data: { deAnId, settledSupport: event.data.settledSupport } } });
        break;
      default:
        break;
    }
  }
  return effects;
}

/**
 * The plan a command is about to move, as far as it can be told before deciding: the plan an
 * approval names, or the đề án's plan for the acts that change, release or settle its commitment.
 */
export function planMovedBy(command: DeAnCommand, state: DeAnState): string | undefined {
  if (command.type === 'ApproveDeAn') return command.data.planId;
  const movesBooks =
    command.type === 'DecideAdjustment' || command.type === 'StopDeAn' || command.type === 'WithdrawDeAn' || command.type === 'SettleDeAn';
  return movesBooks && state.status !== 'Initial' && 'approval' in state.dossier ? state.dossier.approval?.planId : undefined;
}
