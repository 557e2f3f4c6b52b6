/**
 * The API process. `npm start` runs it on the embedded store (PGlite in DATA_DIR);
 * production runs it against PostgreSQL (DATABASE_URL) or KurrentDB (KURRENTDB_URL).
 */
import 'reflect-metadata';
import Redis from 'ioredis';
import { AppConfig, ConfigError, loadConfig, pgliteDir, signingKey, UserDirectory } from '@app/application';
import { USER_DIRECTORY } from './auth/authenticator';
import { DataDirLockedError, lockDataDir } from '@app/event-store';
import { createApp } from './create-app';

async function redisReachable(url: string): Promise<boolean> {
  const redis = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null, connectTimeout: 2_000 });
  redis.on('error', () => undefined);
  try {
    await redis.connect();
    await redis.ping();
    return true;
  } catch {
    return false;
  } finally {
    redis.disconnect();
  }
}

async function bootstrap(config: AppConfig): Promise<void> {
  // Told before the framework boots (which would log the refusal as a crash); opening the store takes the lock for real.
  if (config.EVENT_STORE === 'pglite') lockDataDir(pgliteDir(config)).release();
  if (!(await redisReachable(config.REDIS_URL))) {
    throw new ConfigError(`Redis is not reachable at ${config.REDIS_URL}: start it (e.g. \`redis-server --daemonize yes\`) or set REDIS_URL.`);
  }
  const key = signingKey(config);
  const app = await createApp(config, key.key);
  const firstAdmin = await app.get<UserDirectory>(USER_DIRECTORY).ensureFirstAdmin(config.ADMIN_PASSWORD);
  await app.listen(config.PORT, config.HOST);
  const base = `http://127.0.0.1:${config.PORT}`;
  console.log(
    [
      `Khuyến công API: ${base}/api/v1  (event store: ${config.EVENT_STORE}${config.EVENT_STORE === 'pglite' ? ` in ${config.DATA_DIR}/pglite` : ''})`,
      `Portal:          ${base}/`,
      `API docs:        ${base}/docs`,
      key.created ? `Signing key created: ${key.path}` : '',
      firstAdmin.created
        ? firstAdmin.drawn
          ? `First admin:     username admin, password ${firstAdmin.password}  (shown this once: sign in and keep it safe)`
          : 'First admin:     username admin, password from ADMIN_PASSWORD'
        : '',
      `Sign in:         the portal, or POST ${base}/api/v1/auth/login {"username":"admin","password":"…"}`,
      `Token (scripts): npm run --silent cli -- token --sub officer-1 --role officer --province 52  (development)`,
    ]
      .filter(Boolean)
      .join('\n'),
  );
}

let config: AppConfig;
try {
  config = loadConfig();
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
}
bootstrap(config).catch((error: unknown) => {
  const message =
    error instanceof ConfigError
      ? error.message
      : error instanceof DataDirLockedError
        ? `${error.message.charAt(0).toUpperCase()}${error.message.slice(1)}: stop that process, or give this server a DATA_DIR of its own.`
        : /ECONNREFUSED|ENOTFOUND|ETIMEDOUT|connect|password authentication|does not exist/.test(
              String((error as Error)?.message ?? error) + String((error as { code?: string })?.code),
            )
          ? `The ${config.EVENT_STORE === 'kurrentdb' ? 'event store or read-model database' : 'database'} is not reachable (${String((error as Error).message || (error as { code?: string }).code)}): check ${config.EVENT_STORE === 'kurrentdb' ? 'KURRENTDB_URL and DATABASE_URL' : 'DATABASE_URL'}, or run on the embedded default (EVENT_STORE=pglite).`
          : String((error as Error)?.stack ?? error);
  console.error(message);
  process.exit(1);
});
