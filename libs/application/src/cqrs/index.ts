import { ExecuteDeAnCommandHandler } from './execute-de-an-command.handler';
import { ExecutePlanCommandHandler } from './execute-plan-command.handler';

export * from './execute-de-an-command';
export * from './execute-plan-command';

export const COMMAND_HANDLERS = [ExecuteDeAnCommandHandler, ExecutePlanCommandHandler];
