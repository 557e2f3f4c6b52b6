/**
 * Recording a missed deadline: the scheduler's only write, through the command handler like every
 * other. It decides on the đề án's own stream (folded with the same deadline fold the projection
 * uses), appends with the version it read, and derives its command id from the deadline — so two
 * workers, a retried job or a job re-created after a Redis loss can never record the same deadline twice.
 */
import {
  Actor,
  Command,
  deAnStreamId,
  DeadlineEvent,
  DeadlineMissed,
  DeadlineRules,
  DeadlineState,
  decideDeadlineMissed,
  evolveDeadlines,
  initialDeadlineState,
  MissedOutcome,
} from '@app/domain';
import { RecordedEvent } from '@app/event-store';
import { CommandHandler, StreamDecider } from '../command-handler';
import { nameBasedUuid } from '../ids';

export const SCHEDULER_ACTOR: Actor = { sub: 'system:deadline-scheduler', role: 'system', name: 'Hệ thống nhắc hạn' };

type RecordDeadlineMissed = Command<'RecordDeadlineMissed', { readonly deAnId: string; readonly deadlineId: string }>;

/** Not missed after all: the outcome says why (no event to append). */
class NotMissed extends Error {
  constructor(readonly outcome: Exclude<MissedOutcome, 'recorded'>) {
    super(outcome);
  }
}

/** A đề án stream seen as its deadlines: the fold needs each event's times, which stored events carry. */
const deadlineDecider = (rules: DeadlineRules): StreamDecider<RecordDeadlineMissed, DeadlineMissed, DeadlineState> => ({
  initialState: initialDeadlineState,
  // The state after the decided event is not needed (and that event has no stored times yet).
  evolve: (state, event) => ('metadata' in event ? evolveDeadlines(state, event as unknown as DeadlineEvent, rules) : state),
  decide: (command, state) => {
    const { outcome, events } = decideDeadlineMissed(state, command.data.deadlineId, command.metadata.now);
    if (outcome !== 'recorded') throw new NotMissed(outcome);
    return events;
  },
});

/** `read`: the stream as the caller has just read it, used for the first attempt (a retry reads again). */
export async function recordDeadlineMissed(
  handler: CommandHandler,
  rules: DeadlineRules,
  deAnId: string,
  deadlineId: string,
  now: Date,
  read?: readonly RecordedEvent[],
): Promise<MissedOutcome | 'duplicate'> {
  const commandId = nameBasedUuid(`deadline-missed\u0000${deAnId}\u0000${deadlineId}`);
  const command: RecordDeadlineMissed = {
    type: 'RecordDeadlineMissed',
    data: { deAnId, deadlineId },
    metadata: { now, actor: SCHEDULER_ACTOR, commandId },
  };
  try {
    const handled = await handler.handle(deadlineDecider(rules), deAnStreamId(deAnId), [command], read ? { read } : {});
    return handled.duplicate ? 'duplicate' : 'recorded';
  } catch (error) {
    if (error instanceof NotMissed) return error.outcome;
    throw error;
  }
}
