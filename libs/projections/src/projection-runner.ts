/**
 * Runs projections: catch-up from each one's checkpoint, then live. Every batch updates the read
 * model and the checkpoint in one transaction, so after a crash a batch is either wholly applied
 * and checkpointed or not at all — never counted twice.
 */
import { EventStore, formatPosition, GlobalPosition, parsePosition, SqlClient } from '@app/event-store';
import { Projection } from './projection';

export interface ProjectionStatus {
  readonly name: string;
  readonly position: string | null;
  readonly applied: number;
}

export class ProjectionRunner {
  private readonly abort = new AbortController();
  private running: Promise<void> | undefined;
  private readonly applied = new Map<string, number>();

  constructor(
    private readonly store: EventStore,
    private readonly sql: SqlClient,
    private readonly projections: readonly Projection[],
    private readonly schema = 'read_models',
  ) {}

  async migrate(): Promise<void> {
    const s = this.schema;
    await this.sql.transaction(async (tx) => {
      await tx.query(`SELECT pg_advisory_xact_lock(hashtext('read-models-migrate:${s}'))`);
      await tx.query(`CREATE SCHEMA IF NOT EXISTS ${s}`);
      await tx.query(`CREATE TABLE IF NOT EXISTS ${s}.checkpoints (name text PRIMARY KEY, position text NOT NULL, updated_at timestamptz NOT NULL DEFAULT now())`);
      for (const projection of this.projections) await projection.migrate(tx, s);
    });
  }

  /** Starts following the log in the background. */
  start(): void {
    this.running ??= this.run().catch((error: unknown) => {
      if (!this.abort.signal.aborted) process.stderr.write(`${JSON.stringify({ level: 'error', msg: 'projection runner stopped', error: String(error) })}\n`);
    });
  }

  async stop(): Promise<void> {
    this.abort.abort();
    await this.running;
  }

  /** Applies everything appended so far (tests and the CLI use this to read their own writes). */
  async catchUp(): Promise<void> {
    for (;;) {
      const after = await this.lowestCheckpoint();
      const batch = await this.store.readAll({ ...(after ? { after } : {}), limit: 500 });
      if (batch.length === 0) return;
      await this.applyBatch(batch);
    }
  }

  async status(): Promise<ProjectionStatus[]> {
    const { rows } = await this.sql.query<{ name: string; position: string }>(`SELECT name, position FROM ${this.schema}.checkpoints`);
    return this.projections.map((p) => ({ name: p.name, position: rows.find((r) => r.name === p.name)?.position ?? null, applied: this.applied.get(p.name) ?? 0 }));
  }

  /** Catch up in batches, then look for new events every pollMs (a batch is one transaction). */
  private async run(pollMs = 100): Promise<void> {
    while (!this.abort.signal.aborted) {
      await this.catchUp();
      await new Promise<void>((resolve) => {
        const wake = () => {
          clearTimeout(timer);
          this.abort.signal.removeEventListener('abort', wake);
          resolve();
        };
        const timer = setTimeout(wake, pollMs);
        this.abort.signal.addEventListener('abort', wake, { once: true });
      });
    }
  }

  private async lowestCheckpoint(): Promise<GlobalPosition | undefined> {
    const { rows } = await this.sql.query<{ name: string; position: string }>(`SELECT name, position FROM ${this.schema}.checkpoints`);
    const positions = this.projections.map((p) => rows.find((r) => r.name === p.name)?.position);
    if (positions.some((p) => p === undefined)) return undefined;
    return positions.map((p) => parsePosition(p!)).sort((a, b) => (a.commit !== b.commit ? (a.commit < b.commit ? -1 : 1) : a.prepare < b.prepare ? -1 : a.prepare > b.prepare ? 1 : 0))[0];
  }

  private async applyBatch(events: Awaited<ReturnType<EventStore['readAll']>>): Promise<void> {
    const s = this.schema;
    await this.sql.transaction(async (tx) => {
      const { rows } = await tx.query<{ name: string; position: string }>(`SELECT name, position FROM ${s}.checkpoints FOR UPDATE`);
      for (const projection of this.projections) {
        const checkpoint = rows.find((r) => r.name === projection.name)?.position;
        const from = checkpoint ? parsePosition(checkpoint) : undefined;
        const fresh = from ? events.filter((e) => e.position.commit > from.commit || (e.position.commit === from.commit && e.position.prepare > from.prepare)) : events;
        if (fresh.length === 0) continue;
        await projection.apply(tx, s, fresh);
        await tx.query(`INSERT INTO ${s}.checkpoints (name, position, updated_at) VALUES ($1, $2, now()) ON CONFLICT (name) DO UPDATE SET position = excluded.position, updated_at = now()`,
          [projection.name, formatPosition(fresh.at(-1)!.position)]);
        this.applied.set(projection.name, (this.applied.get(projection.name) ?? 0) + fresh.length);
      }
    });
  }
}
