/**
 * A đề án's support cap as the decider judges it (and the portal shows it): the activity's kind in the
 * catalogue of the day, the rule tables of the RuleBook. Kept apart from decide.ts so that the portal's
 * bundle takes the rules, not the decider.
 */
import { activityInForce, CapDecision, DEFAULT_RULES, RuleBook, supportCap } from '../rules';
import { IsoDate } from '../shared/dates';
import { Dong } from '../shared/money';
import { Proposal } from './commands';

/** What of a proposal its cap depends on (the portal asks with what its form holds so far). */
export type CappedProposal = Pick<
  Proposal,
  'contentArea' | 'activity' | 'fundingSource' | 'level' | 'province' | 'priorityArea' | 'prioritySector' | 'establishments'
> & { readonly budget: Pick<Proposal['budget'], 'totalCost'> };

/** The proposal as capped without the priority it claimed (NĐ 45/2012 Điều 6: the approver's to grant). */
export const withoutPriority = <P extends { readonly priorityArea?: boolean; readonly prioritySector?: boolean }>(proposal: P): P => ({
  ...proposal,
  priorityArea: false,
  prioritySector: false,
});

/**
 * The cap of the đề án on `day`, by the rules the decider judges with (the portal shows the same);
 * a group đề án's amount ceiling is per establishment, so it is theirs summed.
 */
export function capFor(
  proposal: CappedProposal,
  day: IsoDate,
  rules: RuleBook = DEFAULT_RULES,
  totalCost: Dong = proposal.budget.totalCost,
  establishments = proposal.establishments?.length || 1,
): CapDecision {
  const activity = activityInForce(proposal.contentArea, proposal.activity, day, rules.catalogue);
  return supportCap(
    {
      kind: activity.kind,
      fundingSource: proposal.fundingSource,
      level: proposal.level,
      province: proposal.province,
      priority: proposal.priorityArea || proposal.prioritySector,
      totalCost,
      day,
      establishments,
    },
    rules.provinceCaps,
    rules.nationalCaps,
  );
}
