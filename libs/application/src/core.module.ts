import { DynamicModule, Global, Inject, Module, OnApplicationShutdown } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { deAnDecider } from '@app/domain';
import { AppConfig } from './config';
import { loadDeadlineRules } from './deadlines/deadline-rules';
import { COMMAND_HANDLERS } from './cqrs';
import { openStorage, Storage } from './open-event-store';
import { APP_CONFIG, DE_AN_DECIDER, DEADLINE_RULES, EVENT_STORE, SQL_CLIENT, STORAGE } from './tokens';

/** What every app (api, worker, cli) boots with: config, the event store, deciders and command handlers. */
@Global()
@Module({})
export class CoreModule implements OnApplicationShutdown {
  constructor(@Inject(STORAGE) private readonly storage: Storage) {}

  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: CoreModule,
      imports: [CqrsModule.forRoot()],
      providers: [
        { provide: APP_CONFIG, useValue: config },
        { provide: STORAGE, useFactory: () => openStorage(config) },
        { provide: EVENT_STORE, useFactory: (storage: Storage) => storage.store, inject: [STORAGE] },
        { provide: SQL_CLIENT, useFactory: (storage: Storage) => storage.sql, inject: [STORAGE] },
        { provide: DE_AN_DECIDER, useValue: deAnDecider() },
        { provide: DEADLINE_RULES, useValue: loadDeadlineRules(config) },
        ...COMMAND_HANDLERS,
      ],
      exports: [APP_CONFIG, EVENT_STORE, SQL_CLIENT, DE_AN_DECIDER, DEADLINE_RULES, CqrsModule],
    };
  }

  onApplicationShutdown(): Promise<void> {
    return this.storage.close();
  }
}
