import { Controller, DynamicModule, Get, Inject, Module } from '@nestjs/common';
import { AppConfig, CoreModule, EVENT_STORE } from '@app/application';
import { EventStore } from '@app/event-store';

@Controller('health')
class HealthController {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  @Get()
  async health() {
    await this.store.readAll({ limit: 1 });
    return { status: 'ok', store: this.store.name };
  }
}

@Module({})
export class ApiModule {
  static forRoot(config: AppConfig): DynamicModule {
    return { module: ApiModule, imports: [CoreModule.forRoot(config)], controllers: [HealthController] };
  }
}
