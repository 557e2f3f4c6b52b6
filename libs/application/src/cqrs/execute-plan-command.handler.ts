import { Inject } from '@nestjs/common';
import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { planDecider, planStreamId, PlanState } from '@app/domain';
import { EventStore } from '@app/event-store';
import { ExecutePlanCommand } from './execute-plan-command';
import { handleCommand, Handled } from '../handle-command';
import { EVENT_STORE } from '../tokens';

@CommandHandler(ExecutePlanCommand)
export class ExecutePlanCommandHandler implements ICommandHandler<ExecutePlanCommand> {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  execute({ planId, command, context }: ExecutePlanCommand): Promise<Handled<PlanState>> {
    return handleCommand(this.store, planDecider, planStreamId(planId), command, context);
  }
}
