/**
 * The command-line entry point: `npm run cli -- <command>`.
 *   token         mint a bearer token (prints only the token)
 *   walkthrough   run one đề án from registration to settlement and print its events
 *   verify        verify the hash chain of the whole store (or --stream <id>)
 *   import        import past đề án and plans from an NDJSON file (one record per line)
 *   projections   status | rebuild [name] | check [name] of the read models
 *   demo          import the Bình Định 2014–2020 history and print its funding report (npm run demo)
 */
import 'reflect-metadata';
import { Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { CommandBus } from '@nestjs/cqrs';
import { AppConfig, ConfigError, CoreModule, DE_AN_DECIDER, DEADLINE_RULES, EVENT_STORE, loadConfig, signingKey, signToken, SQL_CLIENT } from '@app/application';
import { DeadlineRules, DeAnDecider, ROLES, Role } from '@app/domain';
import { EventStore, SqlClient } from '@app/event-store';
import { demoEnvironment, runDemo } from './demo/demo';
import { importFile } from './import-file';
import { projectionsCommand, PROJECTIONS_USAGE } from './projections/projections-command';
import { walkthrough } from './walkthrough';

const USAGE = `usage: npm run cli -- <command>
  token --sub ID --role ROLE [--org ORG] [--province CODE] [--name NAME] [--ttl SECONDS]
                         print a bearer token signed with JWT_SECRET or DATA_DIR's key
  walkthrough            one đề án from registration to settlement, printed event by event
  verify [--stream ID]   verify the hash chain of the store or of one stream
  import FILE.ndjson     import past đề án and plans (one JSON record per line, as POST /import/de-an);
                         exit code 1 if any record failed
${PROJECTIONS_USAGE}
  demo                   import the Bình Định 2014–2020 history (341 đề án) through the import path,
                         print its funding report and write all reports to an XLSX
                         (own store in data/demo unless EVENT_STORE or DATA_DIR is set)`;

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (!command || command === '--help' || command === 'help') {
    console.log(USAGE);
    return command ? 0 : 2;
  }
  if (command === 'demo') demoEnvironment(process.env);
  const config = loadConfig();
  if (command === 'token') return mintToken(config, rest);

  @Module({ imports: [CoreModule.forRoot(config)] })
  class CliModule {}

  const app = await NestFactory.createApplicationContext(CliModule, { logger: ['error', 'warn'] });
  app.enableShutdownHooks();
  try {
    const store = app.get<EventStore>(EVENT_STORE);
    switch (command) {
      case 'walkthrough':
        console.log(`Kho sự kiện: ${store.name}${config.EVENT_STORE === 'pglite' ? ` (${config.DATA_DIR}/pglite)` : ''}\n`);
        return (await walkthrough(app.get(CommandBus), store, (line) => console.log(line))) ? 0 : 1;
      case 'verify': {
        const streamAt = rest.indexOf('--stream');
        const report = await store.verify(streamAt >= 0 ? { streamId: rest[streamAt + 1] } : {});
        console.log(JSON.stringify(report, null, 2));
        return report.ok ? 0 : 1;
      }
      case 'import':
        return await importFile(rest[0], store, app.get<DeAnDecider>(DE_AN_DECIDER));
      case 'demo':
        return await runDemo(store, app.get<SqlClient>(SQL_CLIENT), app.get<DeAnDecider>(DE_AN_DECIDER), config.EVENT_STORE === 'pglite' ? config.DATA_DIR : '.', app.get<DeadlineRules>(DEADLINE_RULES));
      case 'projections':
        return await projectionsCommand(rest, store, app.get<SqlClient>(SQL_CLIENT), app.get<DeadlineRules>(DEADLINE_RULES));
      default:
        console.error(`unknown command: ${command}\n${USAGE}`);
        return 2;
    }
  } finally {
    await app.close();
  }
}

function mintToken(config: AppConfig, args: string[]): number {
  const option = (name: string) => {
    const at = args.indexOf(`--${name}`);
    return at >= 0 ? args[at + 1] : undefined;
  };
  const sub = option('sub');
  const role = option('role');
  if (!sub || !role || !(ROLES as readonly string[]).includes(role)) {
    console.error(`token needs --sub and --role (one of ${ROLES.join(', ')})`);
    return 2;
  }
  const org = option('org');
  if (role === 'applicant' && !org) {
    console.error('an applicant token needs --org');
    return 2;
  }
  const province = option('province');
  const name = option('name');
  const ttl = Number(option('ttl') ?? 8 * 3600);
  const { key } = signingKey(config);
  console.log(signToken({ sub, role: role as Role, ...(org ? { org } : {}), ...(province ? { province } : {}), ...(name ? { name } : {}) }, key, { ttlSeconds: ttl }));
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error instanceof ConfigError ? error.message : error);
    process.exit(1);
  },
);
