/**
 * The plans' books as one unit of work (one command, or one imported record) moves them: the plans'
 * states, the plan events decided so far, and the part each adds to the unit's atomic append.
 */
import { Command, DomainError, planDecider, PlanEffect, PlanCommand, PlanState, planStreamId, RuleViolationError } from '@app/domain';
import { AppendResult, EventStore, NewEvent, StreamAppend, WrongExpectedVersionError } from '@app/event-store';
import { CommandContext, fold, toNewEvent } from './command-context';

/** What the plan events take of the command's context: its provenance, its request's hash, the import's rule on plans. */
type PlanContext<C> = Omit<CommandContext<C>, 'requestHash'> & { readonly requestHash?: string | undefined };

// ---------------------------------------------------------------------------------------------------
// The plans' books. Reading a plan stream in full for every approval or settlement costs more the
// more đề án the plan funds (a plan of a province's year holds two events per đề án). This process
// therefore keeps the state of each plan as of the version it last read or wrote, and a command
// decides on that state: the plan's expected version in the atomic append fences it, so a state
// that another writer has moved past makes the append fail, and the command is decided again on a
// fresh read. Only a refusal (or a decision to write nothing) cannot be fenced that way: one taken
// on a remembered state is always taken again on a fresh read before it counts.
// ---------------------------------------------------------------------------------------------------

interface PlanBook {
  readonly version: number;
  readonly state: PlanState;
  /** From the plan's first event, which never changes: when and how the plan came to be. */
  readonly origin: { readonly createdAt: string; readonly imported: boolean };
}

/** How many plans a store's memory holds; the least recently stored is dropped first. */
const REMEMBERED_PLANS = 2_000;

/** What one command handler remembers of plans' books: the least recently stored is dropped first. */
export class PlanMemory {
  private readonly books = new Map<string, PlanBook>();

  get(streamId: string): PlanBook | undefined {
    return this.books.get(streamId);
  }

  remember(streamId: string, book: PlanBook): void {
    const known = this.books.get(streamId);
    if (known && known.version >= book.version) return;
    this.books.delete(streamId);
    this.books.set(streamId, book);
    if (this.books.size > REMEMBERED_PLANS) this.books.delete(this.books.keys().next().value!);
  }

  forget(streamId: string): void {
    this.books.delete(streamId);
  }
}

/** A decision taken on a remembered plan state that only a fresh read may confirm (a refusal, or nothing to write). */
export class UnconfirmedPlanDecision extends Error {
  constructor(
    readonly streamId: string,
    options: { cause?: unknown } = {},
  ) {
    super(`plan ${streamId}: decision on a remembered state, to be taken again on a fresh read`, options);
    this.name = 'UnconfirmedPlanDecision';
  }
}

interface OpenPlan {
  readonly streamId: string;
  readonly planId: string;
  readonly origin: PlanBook['origin'];
  /** The version the plan's append expects: its version when read (or remembered). */
  readonly expected: number;
  /** Whether the state came from this process's memory rather than a read of this unit of work. */
  readonly remembered: boolean;
  state: PlanState;
  readonly events: NewEvent[];
}

/**
 * The plans one unit of work (one command, or one imported record) touches: their states, the plan
 * events decided so far, and the part each adds to the unit's atomic append.
 */
export class PlanBooks {
  private readonly plans = new Map<string, OpenPlan>();

  constructor(
    private readonly store: EventStore,
    private readonly memory: PlanMemory,
    private readonly useMemory: boolean,
  ) {}

  /** Whether the state of this plan stream was taken from memory. */
  remembers(streamId: string): boolean {
    return this.plans.get(streamId)?.remembered === true;
  }

  /** Reads (or takes from memory) the plans these effects touch and have not been loaded yet. */
  private async load(effects: readonly PlanEffect[]): Promise<void> {
    for (const { planId } of effects) {
      const streamId = planStreamId(planId);
      if (this.plans.has(streamId)) continue;
      const known = this.useMemory ? this.memory.get(streamId) : undefined;
      if (known) {
        this.plans.set(streamId, {
          streamId,
          planId,
          origin: known.origin,
          expected: known.version,
          remembered: true,
          state: known.state,
          events: [],
        });
        continue;
      }
      const history = await this.store.readStream(streamId);
      if (history.length === 0) throw planNotFound(planId);
      const first = history[0]!.metadata;
      const book = {
        version: history.at(-1)!.version,
        state: fold(planDecider, history),
        origin: { createdAt: first.occurredAt, imported: first.imported !== undefined },
      };
      this.memory.remember(streamId, book);
      this.plans.set(streamId, { streamId, planId, origin: book.origin, expected: book.version, remembered: false, state: book.state, events: [] });
    }
  }

  /**
   * Decides the plan commands of one đề án command's effects and keeps their events for the append.
   * All or nothing: a refusal leaves the books as they were and throws the plan decider's error.
   */
  async apply<C extends Command<string, unknown>>(effects: readonly PlanEffect[], command: C, context: PlanContext<C>): Promise<void> {
    if (effects.length === 0) return;
    await this.load(effects);
    if (context.authorizePlan) {
      // What the check reads (the plan's header and origin) never changes: a remembered state answers as a fresh read would.
      for (const { planId } of effects) {
        const plan = this.plans.get(planStreamId(planId))!;
        context.authorizePlan({ planId, state: plan.state, createdAt: plan.origin.createdAt, imported: plan.origin.imported }, command);
      }
    }
    const staged = new Map<string, { state: PlanState; events: NewEvent[] }>();
    for (const effect of effects) {
      const streamId = planStreamId(effect.planId);
      const plan = this.plans.get(streamId);
      if (!plan) throw new Error(`plan ${streamId} was not loaded`);
      const current = staged.get(streamId) ?? { state: plan.state, events: [] };
      const planCommand = { ...effect.command, metadata: command.metadata } as PlanCommand;
      let decided;
      try {
        decided = planDecider.decide(planCommand, current.state);
      } catch (error) {
        if (plan.remembered && error instanceof DomainError) throw new UnconfirmedPlanDecision(streamId, { cause: error });
        throw error;
      }
      if (decided.length === 0 && plan.remembered) throw new UnconfirmedPlanDecision(streamId);
      // Event ids by the command and their position among its events in this plan stream.
      const offset = current.events.length;
      staged.set(streamId, {
        state: decided.reduce((s, event) => planDecider.evolve(s, event), current.state),
        events: [...current.events, ...decided.map((event, index) => toNewEvent(event, offset + index, streamId, command, context))],
      });
    }
    for (const [streamId, { state, events }] of staged) {
      const plan = this.plans.get(streamId)!;
      plan.state = state;
      plan.events.push(...events);
    }
  }

  /** Appends the đề án's events with the plan events decided for them, atomically; remembers the plans' new states. */
  async append(deAn: StreamAppend): Promise<AppendResult> {
    const plans = [...this.plans.values()].filter((plan) => plan.events.length > 0);
    const results = await this.store.appendMany([deAn, ...plans.map(({ streamId, events, expected }) => ({ streamId, events, expected }))]);
    plans.forEach((plan, i) => {
      if (!results[i + 1]!.duplicate)
        this.memory.remember(plan.streamId, { version: results[i + 1]!.nextVersion, state: plan.state, origin: plan.origin });
    });
    return results[0]!;
  }

  /** After a conflict: what this process remembers of these plans may be old. */
  forget(): void {
    for (const streamId of this.plans.keys()) this.memory.forget(streamId);
  }
}

/** A plan that does not exist, or that the caller may not name (the same answer, so that it tells nothing). */
export const planNotFound = (planId: string): RuleViolationError =>
  new RuleViolationError('plan-exists', 'NĐ 45/2012/NĐ-CP Điều 14', `Không tìm thấy kế hoạch ${planId}`, { planId });

/**
 * Runs a unit of work with the plans' books: first with the states this process remembers, and —
 * if one of them turns out to be old (the plan's append conflicts) or a refusal was decided on
 * one — once more on fresh reads. Other errors, and a conflict of the unit's own stream, go to the caller.
 */
export async function withPlanBooks<T>(store: EventStore, memory: PlanMemory, work: (plans: PlanBooks) => Promise<T>): Promise<T> {
  const first = new PlanBooks(store, memory, true);
  try {
    return await work(first);
  } catch (error) {
    const stale = error instanceof UnconfirmedPlanDecision || (error instanceof WrongExpectedVersionError && first.remembers(error.streamId));
    if (stale || error instanceof WrongExpectedVersionError) first.forget();
    if (!stale) throw error;
  }
  return work(new PlanBooks(store, memory, false));
}
