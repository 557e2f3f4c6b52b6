import { Command } from '@nestjs/cqrs';
import { PlanCommand, PlanState } from '@app/domain';
import { CommandContext, Handled } from '../handle-command';

/** Dispatch of any plan command through the CommandBus. */
export class ExecutePlanCommand extends Command<Handled<PlanState>> {
  constructor(readonly planId: string, readonly command: PlanCommand, readonly context: CommandContext = {}) {
    super();
  }
}
