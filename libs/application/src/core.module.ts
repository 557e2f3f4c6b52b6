import { DynamicModule, Global, Inject, Module, OnApplicationShutdown } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { deAnDecider } from '@app/domain';
import { EventStore } from '@app/event-store';
import { AppConfig } from './config';
import { COMMAND_HANDLERS } from './cqrs';
import { openEventStore } from './open-event-store';
import { APP_CONFIG, DE_AN_DECIDER, EVENT_STORE } from './tokens';

/** What every app (api, worker, cli) boots with: config, the event store, deciders and command handlers. */
@Global()
@Module({})
export class CoreModule implements OnApplicationShutdown {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: CoreModule,
      imports: [CqrsModule.forRoot()],
      providers: [
        { provide: APP_CONFIG, useValue: config },
        { provide: EVENT_STORE, useFactory: () => openEventStore(config) },
        { provide: DE_AN_DECIDER, useValue: deAnDecider() },
        ...COMMAND_HANDLERS,
      ],
      exports: [APP_CONFIG, EVENT_STORE, DE_AN_DECIDER, CqrsModule],
    };
  }

  onApplicationShutdown(): Promise<void> {
    return this.store.close();
  }
}
