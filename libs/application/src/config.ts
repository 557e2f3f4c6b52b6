/**
 * Configuration, validated once at boot into a typed object; nothing else reads process.env.
 */
import { plainToInstance, Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Matches, Max, Min, MinLength, validateSync } from 'class-validator';

export type EventStoreKind = 'pglite' | 'postgres' | 'kurrentdb';

export class AppConfig {
  /** Which event store: the embedded default, a PostgreSQL server, or a KurrentDB cluster. */
  @IsIn(['pglite', 'postgres', 'kurrentdb'])
  EVENT_STORE: EventStoreKind = 'pglite';

  /** Where PGlite keeps its database (and later the signing key). */
  @IsString()
  DATA_DIR = './data';

  /**
   * Whether embedded PGlite fsyncs every commit to the disk (default). `false` is PGlite's own
   * setting: faster, survives a process crash, but a power loss may lose or corrupt the database.
   */
  @IsIn(['true', 'false'])
  PGLITE_FSYNC: 'true' | 'false' = 'true';

  @IsOptional()
  @Matches(/^postgres(ql)?:\/\//, { message: 'DATABASE_URL must be a postgres:// URL' })
  DATABASE_URL?: string;

  @IsOptional()
  @Matches(/^(kurrentdb|esdb|kdb)(\+discover)?:\/\//, { message: 'KURRENTDB_URL must be a kurrentdb:// or esdb:// connection string' })
  KURRENTDB_URL?: string;

  /** Token signing secret; without it a key is created in DATA_DIR on first start. */
  @IsOptional()
  @MinLength(32, { message: 'JWT_SECRET must be at least 32 characters' })
  JWT_SECRET?: string;

  /** Verify, besides JWT_SECRET, the tokens these earlier secrets signed (comma-separated): key rotation. */
  @IsOptional()
  @IsString()
  JWT_PREVIOUS_SECRETS?: string;

  /** The `iss` of the tokens this deployment issues and accepts. */
  @IsString()
  @MinLength(1)
  JWT_ISSUER = 'khuyen-cong';

  /** The `aud` of the tokens this deployment issues and accepts. */
  @IsString()
  @MinLength(1)
  JWT_AUDIENCE = 'khuyen-cong-api';

  /** The first admin's password (username `admin`), used once when the directory is empty; without it one is drawn and printed. */
  @IsOptional()
  @MinLength(12, { message: 'ADMIN_PASSWORD must be at least 12 characters' })
  ADMIN_PASSWORD?: string;

  /** A session ends after this many minutes without a request. */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  SESSION_IDLE_MINUTES = 30;

  /** A session ends this many hours after sign-in, however active. */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  SESSION_MAX_HOURS = 12;

  /** Consecutive wrong passwords after which an account is locked until an admin resets or unlocks it. */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  LOGIN_MAX_FAILURES = 5;

  /** Login attempts per minute per username and per client address. */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  LOGIN_ATTEMPTS_PER_MINUTE = 10;

  /** The OpenID provider staff may sign in through (its issuer URL; discovery at /.well-known/openid-configuration). */
  @IsOptional()
  @Matches(/^https?:\/\//, { message: 'OIDC_ISSUER must be an http(s) URL' })
  OIDC_ISSUER?: string;

  @IsOptional()
  @IsString()
  OIDC_CLIENT_ID?: string;

  @IsOptional()
  @IsString()
  OIDC_CLIENT_SECRET?: string;

  /** Where the provider sends the browser back: this API's /api/v1/auth/oidc/callback as the provider knows it. */
  @IsOptional()
  @Matches(/^https?:\/\//, { message: 'OIDC_REDIRECT_URI must be an http(s) URL' })
  OIDC_REDIRECT_URI?: string;

  /** How a provider's user is found in the directory: by e-mail (`email` claim) or by subject (`sub` equals the username). */
  @IsIn(['email', 'subject'])
  OIDC_MATCH: 'email' | 'subject' = 'email';

  /** The `aud` of provider-issued bearer tokens (default OIDC_CLIENT_ID). */
  @IsOptional()
  @IsString()
  OIDC_AUDIENCE?: string;

  /** The largest document one upload may carry (POST /attachments), in MB. */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(200)
  ATTACHMENT_MAX_MB = 20;

  @Matches(/^rediss?:\/\//, { message: 'REDIS_URL must be a redis:// URL' })
  REDIS_URL = 'redis://127.0.0.1:6379';

  /** Address the API listens on: loopback by default, 0.0.0.0 in a container. */
  @IsString()
  HOST = '127.0.0.1';

  @Type(() => Number)
  @IsInt({ message: 'PORT must be a port number' })
  @Min(1)
  @Max(65535)
  PORT = 3000;

  /** Whether the API process keeps the read models itself (the single-process product) or leaves them to the worker. */
  @IsIn(['true', 'false'])
  API_RUNS_PROJECTIONS: 'true' | 'false' = 'true';

  /** JSON merged over the deadline policy, e.g. {"appraisal": {"due": "PT5S", "remindBefore": ["PT2S"]}}. */
  @IsOptional()
  @IsString()
  DEADLINE_POLICY_FILE?: string;

  /** JSON merged over the shipped working-day calendar: {"add": [{date, kind, name, basis}], "remove": ["YYYY-MM-DD"]}. */
  @IsOptional()
  @IsString()
  WORKING_CALENDAR_FILE?: string;

  /** The worker answers GET /health on this port (its own; the API answers on PORT): for container healthchecks. Unset: no listener. */
  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: 'WORKER_HEALTH_PORT must be a port number' })
  @Min(1)
  @Max(65535)
  WORKER_HEALTH_PORT?: number;

  /** Whether this process schedules and fires deadline jobs (the single-process product, and the workers). */
  @IsIn(['true', 'false'])
  DEADLINE_SCHEDULER: 'true' | 'false' = 'true';

  /** Key prefix of the BullMQ queues in Redis: deployments sharing one Redis must each have their own. */
  @Matches(/^[A-Za-z0-9_-]{1,50}$/, { message: 'QUEUE_PREFIX must be 1–50 letters, digits, _ or -' })
  QUEUE_PREFIX = 'khuyen-cong';

  /** How often the scheduler compares the jobs in Redis with the open deadlines, in ms. */
  @Type(() => Number)
  @IsInt()
  @Min(1_000)
  DEADLINE_RECONCILE_MS = 60_000;

  /**
   * The day from which the provinces report periodically here (YYYY-MM-DD): reports of periods ending
   * before it were made elsewhere and are never recorded missed. Unset: the day of the store's first event.
   */
  @IsOptional()
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'REPORTING_SINCE must be a date YYYY-MM-DD' })
  REPORTING_SINCE?: string;

  /** How often the scheduler records the periodic reports whose due day passed unsubmitted, in ms. */
  @Type(() => Number)
  @IsInt()
  @Min(500)
  REPORT_SWEEP_MS = 3_600_000;

  /** Each notification is also POSTed here (JSON; retried with exponential backoff). */
  @IsOptional()
  @Matches(/^https?:\/\//, { message: 'NOTIFY_WEBHOOK_URL must be an http(s) URL' })
  NOTIFY_WEBHOOK_URL?: string;

  /**
   * Which proxies in front of the API may tell the client's address and scheme (X-Forwarded-For,
   * X-Forwarded-Proto): Express's `trust proxy` — a hop count (`1`), `loopback`, or addresses and
   * CIDR ranges separated by commas (`10.0.0.0/8, 172.16.0.1`). Empty (the default): none, so the
   * address is the connection's and a forwarded header is ignored. The rate limit of anonymous calls
   * and the Secure flag of cookies depend on it.
   */
  @IsOptional()
  @Matches(/^(\d{1,2}|[A-Za-z0-9.:/, -]{1,500})$/, {
    message: 'TRUST_PROXY must be a hop count, loopback, or addresses/CIDR ranges separated by commas',
  })
  TRUST_PROXY?: string;

  /** Requests per minute per client (token subject or address). */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  RATE_LIMIT_PER_MINUTE = 600;
}

export class ConfigError extends Error {
  override name = 'ConfigError';
}

export function loadConfig(env: Record<string, string | undefined> = process.env): AppConfig {
  const defined = Object.fromEntries(Object.entries(env).filter(([, value]) => value !== undefined && value !== ''));
  const config = plainToInstance(AppConfig, defined, { excludeExtraneousValues: false });
  const errors = validateSync(config, { whitelist: false });
  if (errors.length > 0) {
    throw new ConfigError(`Invalid configuration: ${errors.flatMap((e) => Object.values(e.constraints ?? {})).join('; ')}`);
  }
  if (config.TRUST_PROXY !== undefined && /^(true|\*)$/i.test(config.TRUST_PROXY.trim())) {
    throw new ConfigError('TRUST_PROXY=true would let any client choose its address: name the proxies (a hop count, loopback, or their addresses)');
  }
  if (config.EVENT_STORE === 'postgres' && !config.DATABASE_URL)
    throw new ConfigError('EVENT_STORE=postgres needs DATABASE_URL (e.g. postgres://postgres@127.0.0.1:5432/test)');
  if (config.EVENT_STORE === 'kurrentdb' && !config.KURRENTDB_URL)
    throw new ConfigError('EVENT_STORE=kurrentdb needs KURRENTDB_URL (e.g. kurrentdb://127.0.0.1:2113?tls=false)');
  if (config.OIDC_ISSUER && !(config.OIDC_CLIENT_ID && config.OIDC_REDIRECT_URI))
    throw new ConfigError(
      "OIDC_ISSUER needs OIDC_CLIENT_ID and OIDC_REDIRECT_URI (this API's /api/v1/auth/oidc/callback as registered with the provider)",
    );
  return config;
}

/** TRUST_PROXY as Express takes it. */
export const trustProxy = (config: Pick<AppConfig, 'TRUST_PROXY'>): number | string | false =>
  config.TRUST_PROXY === undefined ? false : /^\d{1,2}$/.test(config.TRUST_PROXY) ? Number(config.TRUST_PROXY) : config.TRUST_PROXY;
