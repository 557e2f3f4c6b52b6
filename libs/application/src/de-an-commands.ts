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
import { CommandContext, DEFAULT_RETRY, Handled, loadForCommand, retryOnConflict, RetryPolicy, toNewEvent } from './handle-command';

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
      const planState = history.reduce((s, e) => planDecider.evolve(s, e as never), planDecider.initialState());
      const planEvents = planDecider.decide(planCommand, planState).map((event, index) => toNewEvent(event, index, planStream, command, context));
      if (planEvents.length > 0) appends.push({ streamId: planStream, events: planEvents, expected: history.at(-1)!.version });
    }

    const [appended] = await store.appendMany(appends);
    const next = decided.reduce((s, event) => decider.evolve(s, event), state);
    return { streamId, version: appended!.nextVersion, state: next, events, duplicate: appended!.duplicate };
  });
}
