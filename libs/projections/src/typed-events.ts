/**
 * Stored events as the domain's typed events: a projection switches over `DeAnEvent` / `PlanEvent`
 * and reads their data as the deciders wrote it, and takes a đề án's status from the domain's own
 * transition table (`statusAfter`), never from a copy of it.
 */
import { DeAnEvent, isDeAnEventType, isPlanEventType, PlanEvent } from '@app/domain';
import { RecordedEvent } from '@app/event-store';

/** The đề án event a stored event is, or undefined for any other. */
export const deAnEventOf = (recorded: RecordedEvent): DeAnEvent | undefined =>
  isDeAnEventType(recorded.type) ? ({ type: recorded.type, data: recorded.data } as unknown as DeAnEvent) : undefined;

/** The plan event a stored event is, or undefined for any other. */
export const planEventOf = (recorded: RecordedEvent): PlanEvent | undefined =>
  isPlanEventType(recorded.type) ? ({ type: recorded.type, data: recorded.data } as unknown as PlanEvent) : undefined;
