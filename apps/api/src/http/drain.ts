/**
 * Graceful shutdown: on SIGTERM the HTTP server stops accepting connections and in-flight requests
 * (commands being appended) finish before the read models and the event store close.
 */
import { BeforeApplicationShutdown, Injectable } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { Server } from 'node:http';

@Injectable()
export class Drain implements BeforeApplicationShutdown {
  constructor(private readonly adapter: HttpAdapterHost) {}

  async beforeApplicationShutdown(): Promise<void> {
    const server = this.adapter.httpAdapter?.getHttpServer() as Server | undefined;
    if (!server?.listening) return;
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, 10_000); // a stuck client must not hold the shutdown forever
      server.close(() => {
        clearTimeout(timer);
        resolve();
      });
      server.closeIdleConnections();
    });
  }
}
