import { Inject } from '@nestjs/common';
import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { DeAnDecider, DeAnState } from '@app/domain';
import { EventStore } from '@app/event-store';
import { ExecuteDeAnCommand } from './execute-de-an-command';
import { handleDeAnCommand } from '../de-an-commands';
import { Handled } from '../handle-command';
import { DE_AN_DECIDER, EVENT_STORE } from '../tokens';

@CommandHandler(ExecuteDeAnCommand)
export class ExecuteDeAnCommandHandler implements ICommandHandler<ExecuteDeAnCommand> {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore, @Inject(DE_AN_DECIDER) private readonly decider: DeAnDecider) {}

  execute({ deAnId, command, context }: ExecuteDeAnCommand): Promise<Handled<DeAnState>> {
    return handleDeAnCommand(this.store, this.decider, deAnId, command, context);
  }
}
