/**
 * The steps a caller may take now on a đề án they can see: their role is one of the step's, the
 * đề án is in a status the command is sent in (COMMAND_STATUSES, the decider's own table), and the
 * step's rule holds for them (owner, council chair, assigned member), and a KCQG step is of their level
 * (the Sở's or the Ministry's staff, the decider's own rule). What the portal offers as
 * buttons; the decider still judges the act itself (a cap, a date, a conflict of interest).
 */
import { Actor, COMMAND_STATUSES, DeAnState, DeAnStatus, DEFAULT_RULES, levelRefusal, RuleBook } from '@app/domain';
import { Step, STEPS } from './catalogue';

export function openSteps(actor: Actor, state: DeAnState, rules: RuleBook = DEFAULT_RULES): readonly Step[] {
  if (state.status === 'Initial') return [];
  const { dossier } = state;
  const holds = (step: Step) => {
    switch (step.rule) {
      case 'owner':
        return actor.role !== 'applicant' || dossier.organisation === actor.org;
      case 'council-chair':
        return dossier.council?.chair === actor.sub;
      case 'council-member':
        return dossier.council?.members.some((m) => m.sub === actor.sub) ?? false;
      case undefined:
        return true;
    }
  };
  return STEPS.filter(
    (step) =>
      step.roles.includes(actor.role) &&
      (COMMAND_STATUSES[step.command] as readonly DeAnStatus[]).includes(state.status) &&
      holds(step) &&
      levelRefusal(step.command, state, actor, rules) === undefined,
  );
}
