import { Command } from '@nestjs/cqrs';
import { DeAnCommand, DeAnState } from '@app/domain';
import { CommandContext, Handled } from '../handle-command';

/** Dispatch of any đề án command through the CommandBus. */
export class ExecuteDeAnCommand extends Command<Handled<DeAnState>> {
  constructor(readonly deAnId: string, readonly command: DeAnCommand, readonly context: CommandContext = {}) {
    super();
  }
}
