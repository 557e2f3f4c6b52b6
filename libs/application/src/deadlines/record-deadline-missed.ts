/**
 * Recording a missed deadline: the scheduler's only write. It decides on the đề án's own stream
 * (folded with the same deadline fold the projection uses), appends with the version it read, and
 * derives its command id from the deadline — so two workers, a retried job or a job re-created after
 * a Redis loss can never record the same deadline twice.
 */
import { Actor, deAnStreamId, DeadlineRules, decideDeadlineMissed, foldDeadlines, MissedOutcome } from '@app/domain';
import { EventStore, NO_STREAM, RecordedEvent } from '@app/event-store';
import { DEFAULT_RETRY, retryOnConflict, toNewEvent } from '../handle-command';
import { nameBasedUuid } from '../ids';

export const SCHEDULER_ACTOR: Actor = { sub: 'system:deadline-scheduler', role: 'system', name: 'Hệ thống nhắc hạn' };

/** `read`: the stream as the caller has just read it, used for the first attempt (a retry reads again). */
export async function recordDeadlineMissed(
  store: EventStore, rules: DeadlineRules, deAnId: string, deadlineId: string, now: Date, read?: readonly RecordedEvent[],
): Promise<MissedOutcome | 'duplicate'> {
  const streamId = deAnStreamId(deAnId);
  const commandId = nameBasedUuid(`deadline-missed\u0000${deAnId}\u0000${deadlineId}`);
  let given = read;
  return retryOnConflict(streamId, {}, DEFAULT_RETRY, async () => {
    const history = given ?? (await store.readStream(streamId));
    given = undefined;
    if (history.some((event) => event.metadata.commandId === commandId)) return 'duplicate';
    const { outcome, events } = decideDeadlineMissed(foldDeadlines(history, rules), deadlineId, now);
    if (events.length === 0) return outcome;
    const command = { type: 'RecordDeadlineMissed', data: { deAnId, deadlineId }, metadata: { now, actor: SCHEDULER_ACTOR, commandId } };
    const version = history.at(-1)?.version ?? 0;
    const appended = await store.append(streamId, events.map((event, i) => toNewEvent(event, i, streamId, command, {})), version === 0 ? NO_STREAM : version);
    return appended.duplicate ? 'duplicate' : outcome;
  });
}
