/**
 * The one command path (Emmett's shape: `handle(decider, streamId, commands)`): read the stream →
 * fold → decide each command on the state its predecessors left → append every event at once with
 * the expected version — together with what the events mean for plans' books, in the same atomic
 * multi-stream append. A concurrent writer makes the append fail; the attempt then runs again on a
 * fresh read, with jittered, capped backoff, because the commands may still be valid on the newer
 * state. The API, the history import, the deadline scheduler and the CLI all go through it.
 *
 * A command id already in the stream is that command's first result (a retry), provided the request
 * behind it is the same (its hash, when one is given); otherwise it is refused. Framework-free: the
 * apps hold one instance, whose memory of plans' books and per-plan turns it owns.
 */
import { Command, Event, PlanEffect } from '@app/domain';
import { AppendResult, EventIdConflictError, EventStore, NewEvent, NO_STREAM, RecordedEvent, WrongExpectedVersionError } from '@app/event-store';
import { CommandContext, fold, toNewEvent } from './command-context';
import { KeyedMutex } from './keyed-mutex';
import { PlanMemory, UnconfirmedPlanDecision, withPlanBooks } from './plan-books';

export * from './command-context';

/** The caller demanded a version (If-Match) and the stream is at another one. */
export class VersionMismatchError extends Error {
  constructor(
    readonly streamId: string,
    readonly expected: number,
    readonly actual: number,
  ) {
    super(`stream ${streamId} is at version ${actual}, not ${expected}`);
    this.name = 'VersionMismatchError';
  }
}

/** A command id already used for another request (method, path or body; an imported act with other content): not a retry. */
export class IdempotencyKeyReusedError extends Error {
  constructor(
    readonly streamId: string,
    readonly commandId: string,
  ) {
    super(`stream ${streamId}: command ${commandId} was first sent with another request`);
    this.name = 'IdempotencyKeyReusedError';
  }
}

/** Writers kept colliding on the same stream beyond the retry budget. */
export class ConcurrencyConflictError extends Error {
  constructor(
    readonly streamId: string,
    attempts: number,
    options?: { cause: unknown },
  ) {
    super(`stream ${streamId}: still conflicting after ${attempts} attempts`, options);
    this.name = 'ConcurrencyConflictError';
  }
}

/** A stream's decider as the handler runs it; the đề án's also says what its events do to plans. */
export interface StreamDecider<C extends Command<string, unknown>, E extends Event<string, unknown>, S> {
  decide(command: C, state: S): E[];
  evolve(state: S, event: E): S;
  initialState(): S;
  /** What the decided events mean for the plans' books (commitment, change, release, settlement). */
  planEffects?(state: S, events: readonly E[]): PlanEffect[];
  /** The plan a command is about to move, known before deciding: commands on one plan take turns in this process. */
  planOf?(command: C, state: S): string | undefined;
}

export interface Handled<S> {
  readonly streamId: string;
  /** The stream's version after the last command handled. */
  readonly version: number;
  readonly state: S;
  /** The events appended now, or — when every command had been applied before — the first result's. */
  readonly events: readonly RecordedEvent[] | readonly NewEvent[];
  /** Every command had already been applied: this is the first result, nothing was appended. */
  readonly duplicate: boolean;
  /** How many of the commands are in the stream now (stored before, or appended now). */
  readonly handled: number;
  /** keepBeforeFailure: the command that failed, and why. */
  readonly failure?: { readonly index: number; readonly error: unknown };
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

const sleepFor = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export class CommandHandler {
  private readonly plans = new PlanMemory();
  /** Commands that move one plan's books take turns per plan here, so they do not burn their retries on each other. */
  private readonly turns = new KeyedMutex();

  constructor(
    readonly store: EventStore,
    private readonly retry: RetryPolicy = DEFAULT_RETRY,
  ) {}

  async handle<C extends Command<string, unknown>, E extends Event<string, unknown>, S>(
    decider: StreamDecider<C, E, S>,
    streamId: string,
    commands: readonly C[],
    context: CommandContext<C> = {},
  ): Promise<Handled<S>> {
    let read = context.read;
    const hashOf = (command: C) => (typeof context.requestHash === 'function' ? context.requestHash(command) : context.requestHash);
    return this.retryOnConflict(streamId, context.expectedVersion, () =>
      withPlanBooks(this.store, this.plans, async (plans) => {
        const history = read ?? (await this.store.readStream(streamId));
        read = undefined;
        const base = history.at(-1)?.version ?? 0;
        let state = fold(decider, history);
        context.authorize?.(state);
        const stored = groupByCommand(history);

        const decideAll = async (): Promise<Handled<S>> => {
          const events: NewEvent[] = [];
          const found: RecordedEvent[] = [];
          let version = base;
          let handled = 0;
          let failure: Handled<S>['failure'];
          for (const [index, command] of commands.entries()) {
            const { commandId } = command.metadata;
            const earlier = stored.get(commandId);
            try {
              if (earlier) {
                // Events without a hash (imported or written before hashes) are taken as the same request.
                const first = earlier[0]!.metadata.requestHash;
                const hash = hashOf(command);
                if (first !== undefined && hash !== undefined && first !== hash) throw new IdempotencyKeyReusedError(streamId, commandId);
                version = earlier.at(-1)!.version;
                found.push(...earlier);
              } else {
                if (events.length === 0 && context.expectedVersion !== undefined && context.expectedVersion !== base) {
                  throw new VersionMismatchError(streamId, context.expectedVersion, base);
                }
                const decided = decider.decide(command, state);
                if (decided.length > 0) {
                  const eventContext = { ...context, requestHash: hashOf(command) };
                  if (decider.planEffects) await plans.apply(decider.planEffects(state, decided), command, eventContext);
                  events.push(...decided.map((event, i) => toNewEvent(event, i, streamId, command, eventContext)));
                  state = decided.reduce((s, event) => decider.evolve(s, event), state);
                  version = base + events.length;
                }
              }
              handled += 1;
            } catch (error) {
              if (error instanceof UnconfirmedPlanDecision || error instanceof VersionMismatchError || !context.keepBeforeFailure) throw error;
              failure = { index, error };
              break;
            }
          }
          if (events.length === 0)
            return {
              streamId,
              version,
              state,
              events: found,
              duplicate: found.length > 0 && handled === commands.length && !failure,
              handled,
              ...(failure ? { failure } : {}),
            };
          const appended = await this.checkedAppend(streamId, events[0]!, hashOf(commands[0]!), () =>
            plans.append({ streamId, events, expected: base === 0 ? NO_STREAM : base }),
          );
          if (appended.duplicate) {
            // Another request with the same command ids stored these very events since the read.
            if (commands.length === 1) return { streamId, version: appended.nextVersion, state, events, duplicate: true, handled };
            throw new WrongExpectedVersionError(streamId, base, appended.nextVersion); // a fresh read sorts out which were stored
          }
          return { streamId, version, state, events, duplicate: false, handled, ...(failure ? { failure } : {}) };
        };

        const plan = commands.length === 1 ? decider.planOf?.(commands[0]!, state) : undefined;
        return plan === undefined ? decideAll() : this.turns.run(plan, decideAll);
      }),
    );
  }

  /**
   * Runs an append. When the store finds the events' ids already there, another request with the
   * same command id got in between this one's read and append: answered as a duplicate if it was the
   * same request, refused as a reused key otherwise (also when it had decided other events).
   */
  private async checkedAppend(
    streamId: string,
    first: NewEvent,
    hash: string | undefined,
    append: () => Promise<AppendResult>,
  ): Promise<AppendResult> {
    const sameRequest = async () => {
      if (hash === undefined) return;
      const earlier = (await this.store.readStream(streamId)).find((event) => event.metadata.commandId === first.metadata.commandId);
      if (earlier?.metadata.requestHash !== undefined && earlier.metadata.requestHash !== hash)
        throw new IdempotencyKeyReusedError(streamId, first.metadata.commandId);
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

  /** Runs an attempt (read → decide → append) again while another writer keeps winning the race. */
  private async retryOnConflict<T>(streamId: string, expectedVersion: number | undefined, attempt: () => Promise<T>): Promise<T> {
    const { retry } = this;
    for (let n = 1; ; n++) {
      try {
        return await attempt();
      } catch (error) {
        if (!(error instanceof WrongExpectedVersionError)) throw error;
        if (expectedVersion !== undefined && error.streamId === streamId) throw new VersionMismatchError(streamId, expectedVersion, error.actual);
        if (n >= retry.attempts) throw new ConcurrencyConflictError(error.streamId, n, { cause: error });
        const jitter = 0.5 + (retry.random ?? Math.random)();
        const backoff = Math.min(retry.maxDelayMs ?? DEFAULT_RETRY.maxDelayMs!, retry.baseDelayMs * 2 ** (n - 1));
        await (retry.sleep ?? sleepFor)(Math.round(backoff * jitter));
      }
    }
  }
}

/** The stored events of each command id, in order. */
function groupByCommand(history: readonly RecordedEvent[]): Map<string, RecordedEvent[]> {
  const byCommand = new Map<string, RecordedEvent[]>();
  for (const event of history) {
    const list = byCommand.get(event.metadata.commandId);
    if (list) list.push(event);
    else byCommand.set(event.metadata.commandId, [event]);
  }
  return byCommand;
}
