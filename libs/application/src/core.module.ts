import { DynamicModule, Global, Inject, Module, OnApplicationShutdown } from '@nestjs/common';
import { deAnDecider } from '@app/domain';
import { EventStore } from '@app/event-store';
import { AppConfig } from './config';
import { loadDeadlineRules } from './deadlines/deadline-rules';
import { CommandHandler } from './command-handler';
import { openStorage, Storage } from './open-event-store';
import { APP_CONFIG, COMMAND_HANDLER, DE_AN_DECIDER, DEADLINE_RULES, EVENT_STORE, SQL_CLIENT, STORAGE } from './tokens';

/** What every app (api, worker, cli) boots with: config, the event store, the deciders and the one command handler. */
@Global()
@Module({})
export class CoreModule implements OnApplicationShutdown {
  constructor(@Inject(STORAGE) private readonly storage: Storage) {}

  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: CoreModule,
      providers: [
        { provide: APP_CONFIG, useValue: config },
        { provide: STORAGE, useFactory: () => openStorage(config) },
        { provide: EVENT_STORE, useFactory: (storage: Storage) => storage.store, inject: [STORAGE] },
        { provide: SQL_CLIENT, useFactory: (storage: Storage) => storage.sql, inject: [STORAGE] },
        { provide: DE_AN_DECIDER, useValue: deAnDecider() },
        { provide: DEADLINE_RULES, useValue: loadDeadlineRules(config) },
        // One per process: it owns the memory of plans' books and the per-plan turns.
        { provide: COMMAND_HANDLER, useFactory: (store: EventStore) => new CommandHandler(store), inject: [EVENT_STORE] },
      ],
      exports: [APP_CONFIG, EVENT_STORE, SQL_CLIENT, DE_AN_DECIDER, DEADLINE_RULES, COMMAND_HANDLER],
    };
  }

  onApplicationShutdown(): Promise<void> {
    return this.storage.close();
  }
}
