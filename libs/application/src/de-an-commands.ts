/**
 * Handling of a đề án command together with what it means for its plan: the đề án's events and the
 * plan's (commitment on approval, change on a support adjustment, release on stop or withdrawal,
 * settlement) are appended in one atomic multi-stream append with both expected versions. Fifty
 * concurrent approvals against one plan therefore never commit more than its allocation.
 */
import {
  DeAnCommand, DeAnDecider, DeAnState, deAnStreamId, planDecider, planEffects, PlanCommand, planStreamId, RuleViolationError,
} from '@app/domain';
import { EventStore, NO_STREAM, StreamAppend } from '@app/event-store';
import { CommandContext, DEFAULT_RETRY, fold, Handled, loadForCommand, retryOnConflict, RetryPolicy, toNewEvent } from './handle-command';
import { KeyedMutex } from './keyed-mutex';

/**
 * A plan is a hot stream: every approval of its year commits against it. Commands that may move a
 * plan's books take turns per plan within this process, so they do not burn their retries on each
 * other; writers in other processes are still handled by the optimistic retry.
 */
const planTurns = new KeyedMutex();

function planTouchedBy(command: DeAnCommand, state: DeAnState): string | undefined {
  if (command.type === 'ApproveDeAn') return command.data.planId;
  const movesBooks = ['DecideAdjustment', 'StopDeAn', 'WithdrawDeAn', 'SettleDeAn'].includes(command.type);
  return movesBooks && state.status !== 'Initial' && 'approval' in state.dossier ? state.dossier.approval?.planId : undefined;
}

export async function handleDeAnCommand(
  store: EventStore,
  decider: DeAnDecider,
  deAnId: string,
  command: DeAnCommand,
  context: CommandContext = {},
  retry: RetryPolicy = DEFAULT_RETRY,
): Promise<Handled<DeAnState>> {
  const streamId = deAnStreamId(deAnId);
  return retryOnConflict(streamId, context, retry, async () => {
    const loaded = await loadForCommand(store, decider, streamId, command, context);
    if ('duplicate' in loaded) return loaded;
    const { state, version } = loaded;
    const plan = planTouchedBy(command, state);
    return plan === undefined ? decideAndAppend(state, version) : planTurns.run(plan, () => decideAndAppend(state, version));
  });

  async function decideAndAppend(state: DeAnState, version: number): Promise<Handled<DeAnState>> {
    const decided = decider.decide(command, state);
    if (decided.length === 0) return { streamId, version, state, events: [], duplicate: false };
    const events = decided.map((event, index) => toNewEvent(event, index, streamId, command, context));
    const appends: StreamAppend[] = [{ streamId, events, expected: version === 0 ? NO_STREAM : version }];

    for (const effect of planEffects(state, decided)) {
      const planStream = planStreamId(effect.planId);
      const history = await store.readStream(planStream);
      if (history.length === 0) {
        throw new RuleViolationError('plan-exists', 'NĐ 45/2012/NĐ-CP Điều 14', `Không tìm thấy kế hoạch ${effect.planId}`, { planId: effect.planId });
      }
      const planCommand = { ...effect.command, metadata: command.metadata } as PlanCommand;
      const planState = fold(planDecider, history);
      const planEvents = planDecider.decide(planCommand, planState).map((event, index) => toNewEvent(event, index, planStream, command, context));
      if (planEvents.length > 0) appends.push({ streamId: planStream, events: planEvents, expected: history.at(-1)!.version });
    }

    const [appended] = await store.appendMany(appends);
    const next = decided.reduce((s, event) => decider.evolve(s, event), state);
    return { streamId, version: appended!.nextVersion, state: next, events, duplicate: appended!.duplicate };
  }
}
