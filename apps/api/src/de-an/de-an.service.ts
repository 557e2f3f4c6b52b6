/**
 * The đề án use cases behind the HTTP edge: load what the caller may see, dispatch commands with
 * actor, time and a command id (derived from the Idempotency-Key, so a retry is recognised even
 * after a restart), and read past states and history.
 */
import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { Actor, DeAnCommand, DeAnDecider, DeAnState, deAnStreamId, STATUS_LABELS } from '@app/domain';
import { COMMAND_HANDLER, CommandHandler, DE_AN_DECIDER, EVENT_STORE, fold, Handled, idempotentId } from '@app/application';
import { canSee } from '@app/access';
import { EventStore, RecordedEvent } from '@app/event-store';
import { toProblem } from '../http/problem.filter';
import { Metrics } from '../metrics/metrics';
import { notFound } from '../http/problem';
import { commandContext, CommandRequest } from '../http/command-request';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function deAnView(id: string, version: number, state: DeAnState) {
  if (state.status === 'Initial') return { id, version, status: state.status, statusLabel: STATUS_LABELS[state.status] };
  const { dossier } = state;
  const { proposal, ...rest } = dossier;
  return {
    ...proposal,
    ...rest,
    ...(state.status === 'RevisionRequested' ? { revisionRequest: state.revision } : {}),
    id,
    version,
    status: state.status,
    statusLabel: STATUS_LABELS[state.status],
  };
}

@Injectable()
export class DeAnService {
  constructor(
    @Inject(COMMAND_HANDLER) private readonly commands: CommandHandler,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(DE_AN_DECIDER) private readonly decider: DeAnDecider,
    private readonly metrics: Metrics,
  ) {}

  /** The đề án as the caller may see it, or 404. */
  async visible(
    actor: Actor,
    id: string,
    options: { version?: number; asOf?: Date } = {},
  ): Promise<{ state: DeAnState; version: number; events: RecordedEvent[] }> {
    if (!UUID.test(id)) throw notFound();
    const current = await this.store.readStream(deAnStreamId(id));
    const state = fold(this.decider, current);
    if (!canSee(actor, state)) throw notFound();
    if (options.version === undefined && options.asOf === undefined) return { state, version: current.length, events: current };
    const past = current.filter(
      (e) =>
        (options.version === undefined || e.version <= options.version) &&
        (options.asOf === undefined || new Date(e.metadata.occurredAt) <= options.asOf),
    );
    if (past.length === 0) throw notFound('Đề án chưa tồn tại tại thời điểm hoặc phiên bản này');
    return { state: fold(this.decider, past), version: past.at(-1)!.version, events: past };
  }

  async register(
    actor: Actor,
    command: (deAnId: string) => Omit<DeAnCommand, 'metadata'>,
    request: CommandRequest,
  ): Promise<Handled<DeAnState> & { id: string }> {
    const id = request.idempotencyKey ? idempotentId(actor, request.idempotencyKey, 'register') : randomUUID();
    return { ...(await this.dispatch(actor, id, command(id), request)), id };
  }

  /** A command on an existing đề án the caller can see (checked on the state the command is decided on). */
  async execute(
    actor: Actor,
    id: string,
    command: Omit<DeAnCommand, 'metadata'>,
    request: CommandRequest,
  ): Promise<Handled<DeAnState> & { id: string }> {
    if (!UUID.test(id)) throw notFound();
    const authorize = (state: unknown) => {
      if (!canSee(actor, state as DeAnState)) throw notFound();
    };
    return { ...(await this.dispatch(actor, id, command, request, authorize)), id };
  }

  private dispatch(
    actor: Actor,
    id: string,
    command: Omit<DeAnCommand, 'metadata'>,
    request: CommandRequest,
    authorize?: (state: unknown) => void,
  ): Promise<Handled<DeAnState>> {
    const commandId = request.idempotencyKey ? idempotentId(actor, request.idempotencyKey, `command:${id}`) : randomUUID();
    const full = { ...command, metadata: { actor, now: new Date(), commandId } } as DeAnCommand;
    return this.metrics.time(
      command.type,
      () =>
        this.commands.handle(this.decider, deAnStreamId(id), [full], {
          ...commandContext(request),
          ...(authorize ? { authorize } : {}),
        }),
      (error) => String(toProblem(error).status),
    );
  }
}
