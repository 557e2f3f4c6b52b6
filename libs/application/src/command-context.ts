/**
 * What a command carries besides its data (correlation, provenance, the request's hash, If-Match,
 * the checks on what it may touch) and how its events are stamped with it: the metadata every
 * event of the log carries.
 */
import { Actor, Command, Event, PlanState } from '@app/domain';
import { ImportProvenance, JsonObject, NewEvent, RecordedEvent } from '@app/event-store';
import { nameBasedUuid } from './ids';

/** A plan as a command that would move its books sees it: its state, and how and when it was created. */
export interface PlanBookView {
  readonly planId: string;
  readonly state: PlanState;
  /** Business time of its PlanCreated (ISO 8601). */
  readonly createdAt: string;
  /** Whether the plan itself was brought in by the history import. */
  readonly imported: boolean;
}

export interface CommandContext<C = Command<string, unknown>> {
  /** Correlates every command and event of one user action; defaults to the command id. */
  readonly correlationId?: string;
  /** The message that caused this command; defaults to the command id. */
  readonly causationId?: string;
  readonly reason?: string;
  readonly decisionNo?: string;
  /** Imported history: the record, batch and importing user, stamped on every event. */
  readonly imported?: ImportProvenance & { readonly batchId: string; readonly importedBy: Actor };
  /** Fingerprint of the request behind a command id (EventMetadata.requestHash): one for all, or one per command. */
  readonly requestHash?: string | ((command: C) => string | undefined);
  /** If-Match: the version the caller saw. */
  readonly expectedVersion?: number;
  /** Checked on the loaded state before deciding (e.g. may this caller see this đề án); throws to refuse. */
  readonly authorize?: (state: unknown) => void;
  /** Checked on every plan a command would move, before its books are decided (the import's rule); throws to refuse. */
  readonly authorizePlan?: (plan: PlanBookView, command: C) => void;
  /**
   * History: a command that fails ends the list, the commands before it are appended (valid history),
   * and the failure is in the result. Otherwise all or nothing: the first failure is thrown.
   */
  readonly keepBeforeFailure?: boolean;
  /** The stream as the caller has just read it, for the first attempt (a retry reads again). */
  readonly read?: readonly RecordedEvent[];
}

/** A UUID derived from the command id: a retried command produces the same event ids, which the store de-duplicates. */
export const eventIdFor = (commandId: string, streamId: string, index: number): string =>
  nameBasedUuid(`${commandId}\u0000${streamId}\u0000${index}`);

/** The state after these stored events (a stored event is the decider's event plus metadata). */
export function fold<E extends Event<string, unknown>, S>(
  decider: { evolve(state: S, event: E): S; initialState(): S },
  events: readonly RecordedEvent[],
): S {
  return events.reduce((state, event) => decider.evolve(state, event as unknown as E), decider.initialState());
}

export function toNewEvent(
  event: Event<string, unknown>,
  index: number,
  streamId: string,
  command: Command<string, unknown>,
  context: Pick<CommandContext, 'correlationId' | 'causationId' | 'reason' | 'decisionNo' | 'imported'> & {
    readonly requestHash?: string | undefined;
  },
): NewEvent {
  const { commandId, now, actor } = command.metadata;
  return {
    eventId: eventIdFor(commandId, streamId, index),
    type: event.type,
    data: event.data as JsonObject,
    metadata: {
      actor: eventActor(actor),
      occurredAt: now.toISOString(),
      commandId,
      correlationId: context.correlationId ?? commandId,
      causationId: context.causationId ?? commandId,
      ...textField('reason', context.reason ?? (event.data as { reason?: unknown }).reason),
      ...textField('decisionNo', context.decisionNo ?? (event.data as { decisionNo?: unknown }).decisionNo),
      ...(context.imported ? { imported: { ...context.imported, importedBy: eventActor(context.imported.importedBy) } } : {}),
      ...(context.requestHash ? { requestHash: context.requestHash } : {}),
    },
  };
}

const eventActor = (actor: Actor) => ({
  sub: actor.sub,
  role: actor.role,
  ...(actor.org ? { org: actor.org } : {}),
  ...(actor.province ? { province: actor.province } : {}),
  ...(actor.name ? { name: actor.name } : {}),
});

/** Why an act happened travels in the metadata too, so history and audit show it without reading the data. */
const textField = (name: 'reason' | 'decisionNo', value: unknown) => (typeof value === 'string' && value.length > 0 ? { [name]: value } : {});
