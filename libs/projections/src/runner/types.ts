/** What the projection runner reports and takes: statuses, progress, results, options. */
import { GlobalPosition } from '@app/event-store';
import { Projection } from '../projection';
import { EventCounter } from './event-counter';

/** Lag is counted up to this many events: a status or a scrape must stay cheap on a long backlog. */
export const LAG_CAP = 10_000;

export type ProjectionState = 'running' | 'standby' | 'rebuilding' | 'stopped';
/** Who applies the projection: this process, another one (PostgreSQL only), nobody, or unknown (lock table unreadable). */
export type ProjectionOwner = 'this-process' | 'other-process' | 'none' | 'unknown';

export interface RebuildProgress {
  readonly name: string;
  readonly operation: 'rebuild' | 'check';
  readonly phase: 'building' | 'swapping' | 'comparing' | 'done' | 'failed';
  /** Events of the log read into the scratch copy so far. */
  readonly applied: number;
  /** Events in the log (refreshed as it grows); null when the store cannot count cheaply. */
  readonly total: number | null;
  readonly position: string | null;
  readonly startedAt: string;
  readonly finishedAt?: string;
  readonly error?: string;
}

export interface ProjectionStatus {
  readonly name: string;
  /** This process's runner: running (owns and applies), standby (waits for the lock), rebuilding (here or elsewhere), stopped (not started here). */
  readonly state: ProjectionState;
  readonly owner: ProjectionOwner;
  /** PostgreSQL backend pid of the owner's lock connection. */
  readonly ownerPid?: number;
  /** Checkpoint: the last event applied ("commit/prepare"), null before the first. */
  readonly position: string | null;
  /** Events after the checkpoint, counted up to LAG_CAP. */
  readonly lag: number;
  readonly lagCapped: boolean;
  /** Events this process applied since it started. */
  readonly applied: number;
  readonly lastError: { readonly message: string; readonly at: string; readonly consecutiveFailures: number } | null;
  /** The last rebuild or check this process ran (or is running). */
  readonly rebuild: RebuildProgress | null;
}

export interface RebuildResult {
  readonly name: string;
  readonly position: string | null;
  readonly applied: number;
  readonly ms: number;
}

export interface TableDifference {
  readonly table: string;
  /** Rows of the rebuilt copy the live table lacks (or holds with other values). */
  readonly missing: number;
  /** Rows of the live table the rebuilt copy lacks. */
  readonly unexpected: number;
  /** A few rows of each side (values as text). */
  readonly samples: { readonly missing: readonly Record<string, unknown>[]; readonly unexpected: readonly Record<string, unknown>[] };
  /** Columns only one side has (set when the live table's shape differs). */
  readonly columns?: { readonly missing: readonly string[]; readonly unexpected: readonly string[] };
}

export interface CheckResult {
  readonly name: string;
  /** The position both copies were compared at. */
  readonly position: string | null;
  readonly clean: boolean;
  /** Only the tables that differ. */
  readonly differences: readonly TableDifference[];
}

export interface RebuildHandle {
  readonly projections: readonly string[];
  readonly done: Promise<RebuildResult[]>;
}

export interface ProjectionRunnerOptions {
  /** Events per live batch (default 500). */
  readonly batchSize?: number;
  /** Events per batch while building a scratch copy (default 1,000). */
  readonly rebuildBatchSize?: number;
  /** How often the runner looks for new events for its caught-up projections (default 100 ms; one query for all). */
  readonly pollMs?: number;
  /** How often a standby process tries to take a projection's lock (default 1.5 s, ±25 %). */
  readonly lockRetryMs?: number;
  /** First wait after a failed batch, doubling up to maxRetryMs (defaults 1 s, 30 s). */
  readonly retryMs?: number;
  readonly maxRetryMs?: number;
  /** Counts events for lag and progress (default: by reading; sqlEventCounter for the SQL store). */
  readonly counter?: EventCounter;
  readonly log?: (entry: { level: 'info' | 'warn' | 'error'; msg: string; [field: string]: unknown }) => void;
}

/** One projection as the runner drives it: its counters, last error, last rebuild, and how to wake it. */
export interface Lane {
  readonly projection: Projection;
  applied: number;
  failures: number;
  lastError: ProjectionStatus['lastError'];
  rebuild: RebuildProgress | null;
  /** Set while caught up and waiting: the checkpoint it reached (the watcher wakes it when the log passes it). */
  idleAt: GlobalPosition | undefined;
  /** Ends the lane's current pause early (new events, ownership changed, stopping). */
  wake: () => void;
}

export type Mutable<T> = { -readonly [K in keyof T]: T[K] };
