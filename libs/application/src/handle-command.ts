/**
 * The command handling loop: load the stream → fold → decide → append with the expected version.
 * A concurrent writer makes the append fail; the loop then reloads and decides again, with
 * exponential backoff and jitter, because the command may still be valid on the newer state.
 * Framework-free: the NestJS handlers only call this.
 */
import { Actor, Command, Decider, Event, PlanState } from '@app/domain';
import { nameBasedUuid } from './ids';
import {
  AppendResult, EventIdConflictError, EventStore, ImportProvenance, JsonObject, NewEvent, NO_STREAM, RecordedEvent, WrongExpectedVersionError,
} from '@app/event-store';

/** A plan as a command that would move its books sees it: its state, and how and when it was created. */
export interface PlanBookView {
  readonly planId: string;
  readonly state: PlanState;
  /** Business time of its PlanCreated (ISO 8601). */
  readonly createdAt: string;
  /** Whether the plan itself was brought in by the history import. */
  readonly imported: boolean;
}

/** The caller demanded a version (If-Match) and the stream is at another one. */
export class VersionMismatchError extends Error {
  constructor(readonly streamId: string, readonly expected: number, readonly actual: number) {
    super(`stream ${streamId} is at version ${actual}, not ${expected}`);
    this.name = 'VersionMismatchError';
  }
}

/** An Idempotency-Key already used for another request (method, path or body): not a retry, so not answered with the first result. */
export class IdempotencyKeyReusedError extends Error {
  constructor(readonly streamId: string, readonly commandId: string) {
    super(`stream ${streamId}: command ${commandId} was first sent with another request`);
    this.name = 'IdempotencyKeyReusedError';
  }
}

/** Writers kept colliding on the same stream beyond the retry budget. */
export class ConcurrencyConflictError extends Error {
  constructor(readonly streamId: string, attempts: number, options?: { cause: unknown }) {
    super(`stream ${streamId}: still conflicting after ${attempts} attempts`, options);
    this.name = 'ConcurrencyConflictError';
  }
}

export interface CommandContext {
  /** Correlates every command and event of one user action; defaults to the command id. */
  readonly correlationId?: string;
  /** The message that caused this command; defaults to the command id. */
  readonly causationId?: string;
  readonly reason?: string;
  readonly decisionNo?: string;
  /** Imported history: the record, batch and importing user, stamped on every event. */
  readonly imported?: ImportProvenance & { readonly batchId: string; readonly importedBy: Actor };
  /**
   * Checked on every plan the command would move, with the plan's state and where it came from,
   * before its books are decided (the import's rule on which plans history may touch); throws to refuse.
   */
  readonly authorizePlan?: (plan: PlanBookView) => void;
  /** Fingerprint of the request behind an Idempotency-Key (see EventMetadata.requestHash). */
  readonly requestHash?: string;
  /** If-Match: the version the caller saw. */
  readonly expectedVersion?: number;
  /** Checked on the loaded state before deciding (e.g. may this caller see this đề án); throws to refuse. */
  readonly authorize?: (state: unknown) => void;
}

export interface RetryPolicy {
  readonly attempts: number;
  readonly baseDelayMs: number;
  /** Ceiling of one wait, so that a long retry budget never sleeps for minutes. */
  readonly maxDelayMs?: number;
  readonly sleep?: (ms: number) => Promise<void>;
  readonly random?: () => number;
}

// A plan is a hot stream: every approval of its year commits against it. Jittered, capped backoff lets
// dozens of concurrent approvals through instead of failing them after a few collisions.
export const DEFAULT_RETRY: RetryPolicy = { attempts: 30, baseDelayMs: 5, maxDelayMs: 200 };

export interface Handled<S> {
  readonly streamId: string;
  readonly version: number;
  readonly state: S;
  readonly events: readonly RecordedEvent[] | readonly NewEvent[];
  /** The command id had already been applied: this is its first result, nothing was appended. */
  readonly duplicate: boolean;
}

/** A UUID derived from the command id: a retried command produces the same event ids, which the store de-duplicates. */
export const eventIdFor = (commandId: string, streamId: string, index: number): string =>
  nameBasedUuid(`${commandId}\u0000${streamId}\u0000${index}`);

/** The state after these stored events (a stored event is the decider's event plus metadata). */
export function fold<E extends Event<string, unknown>, S>(decider: Pick<Decider<never, E, S>, 'evolve' | 'initialState'>, events: readonly RecordedEvent[]): S {
  return events.reduce((state, event) => decider.evolve(state, event as unknown as E), decider.initialState());
}

const sleepFor = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export async function handleCommand<C extends Command<string, unknown>, E extends Event<string, unknown>, S>(
  store: EventStore,
  decider: Decider<C, E, S>,
  streamId: string,
  command: C,
  context: CommandContext = {},
  retry: RetryPolicy = DEFAULT_RETRY,
): Promise<Handled<S>> {
  return retryOnConflict(streamId, context, retry, async () => {
    const loaded = await loadForCommand(store, decider, streamId, command, context);
    if ('duplicate' in loaded) return loaded;
    const { state, version } = loaded;
    const decided = decider.decide(command, state);
    if (decided.length === 0) return { streamId, version, state, events: [], duplicate: false };
    const events = decided.map((event, index) => toNewEvent(event, index, streamId, command, context));
    const appended = await checkedAppend(store, streamId, command, context, () => store.append(streamId, events, version === 0 ? NO_STREAM : version));
    const next = decided.reduce((s, event) => decider.evolve(s, event), state);
    return { streamId, version: appended.nextVersion, state: next, events, duplicate: appended.duplicate };
  });
}

/**
 * A command id seen before is a retry only if it comes with the request it first came with; the
 * first events carry that request's hash (events without one, imported or older, are trusted).
 */
function assertSameRequest(earlier: readonly RecordedEvent[], streamId: string, command: Command<string, unknown>, context: CommandContext): void {
  const first = earlier[0]?.metadata.requestHash;
  if (first !== undefined && context.requestHash !== undefined && first !== context.requestHash) {
    throw new IdempotencyKeyReusedError(streamId, command.metadata.commandId);
  }
}

/**
 * Runs a command's append. When the store finds the command's event ids already there, another request
 * with the same command id got in between this one's read and append: answered as a duplicate if it
 * was the same request, refused as a reused key otherwise (also when it had decided other events).
 */
export async function checkedAppend(
  store: EventStore, streamId: string, command: Command<string, unknown>, context: CommandContext, append: () => Promise<AppendResult>,
): Promise<AppendResult> {
  const sameRequest = async () => {
    if (context.requestHash === undefined) return;
    const earlier = (await store.readStream(streamId)).filter((event) => event.metadata.commandId === command.metadata.commandId);
    assertSameRequest(earlier, streamId, command, context);
  };
  try {
    const appended = await append();
    if (appended.duplicate) await sameRequest();
    return appended;
  } catch (error) {
    if (error instanceof EventIdConflictError) await sameRequest();
    throw error;
  }
}

/**
 * Reads and folds a stream for a command: either the state and version to decide on, or — when this
 * command id was already applied — its first result.
 */
export async function loadForCommand<E extends Event<string, unknown>, S>(
  store: EventStore,
  decider: Pick<Decider<never, E, S>, 'evolve' | 'initialState'>,
  streamId: string,
  command: Command<string, unknown>,
  context: CommandContext,
): Promise<{ state: S; version: number } | Handled<S>> {
  const history = await store.readStream(streamId);
  const version = history.at(-1)?.version ?? 0;
  const state = fold(decider, history);
  context.authorize?.(state);
  const earlier = history.filter((event) => event.metadata.commandId === command.metadata.commandId);
  if (earlier.length > 0) {
    assertSameRequest(earlier, streamId, command, context);
    return { streamId, version: earlier.at(-1)!.version, state, events: earlier, duplicate: true };
  }
  if (context.expectedVersion !== undefined && context.expectedVersion !== version) {
    throw new VersionMismatchError(streamId, context.expectedVersion, version);
  }
  return { state, version };
}

/** Runs an attempt (load → decide → append) again while another writer keeps winning the race. */
export async function retryOnConflict<T>(streamId: string, context: CommandContext, retry: RetryPolicy, attempt: () => Promise<T>): Promise<T> {
  for (let n = 1; ; n++) {
    try {
      return await attempt();
    } catch (error) {
      if (!(error instanceof WrongExpectedVersionError)) throw error;
      if (context.expectedVersion !== undefined && error.streamId === streamId) throw new VersionMismatchError(streamId, context.expectedVersion, error.actual);
      if (n >= retry.attempts) throw new ConcurrencyConflictError(error.streamId, n, { cause: error });
      const jitter = 0.5 + (retry.random ?? Math.random)();
      const backoff = Math.min(retry.maxDelayMs ?? DEFAULT_RETRY.maxDelayMs!, retry.baseDelayMs * 2 ** (n - 1));
      await (retry.sleep ?? sleepFor)(Math.round(backoff * jitter));
    }
  }
}

export function toNewEvent(
  event: Event<string, unknown>, index: number, streamId: string, command: Command<string, unknown>, context: CommandContext,
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

const eventActor = (actor: Actor) =>
  ({ sub: actor.sub, role: actor.role, ...(actor.org ? { org: actor.org } : {}), ...(actor.province ? { province: actor.province } : {}), ...(actor.name ? { name: actor.name } : {}) });

/** Why an act happened travels in the metadata too, so history and audit show it without reading the data. */
const textField = (name: 'reason' | 'decisionNo', value: unknown) => (typeof value === 'string' && value.length > 0 ? { [name]: value } : {});
