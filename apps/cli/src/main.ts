/**
 * The command-line entry point: `npm run cli -- <command>` (`--help` on any command). Arguments are
 * parsed by commander: an unknown option, a missing or empty value is an error, never ignored.
 * Commands that open the store directly refuse while a server holds the embedded store (one
 * writer per data directory); `import --api` sends its records through the running server instead.
 */
import 'reflect-metadata';
import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import { Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import {
  actorFromClaims,
  AppConfig,
  COMMAND_HANDLER,
  CommandHandler,
  ConfigError,
  CoreModule,
  DE_AN_DECIDER,
  DEADLINE_RULES,
  EVENT_STORE,
  InvalidTokenError,
  loadConfig,
  MAX_TOKEN_LIFETIME_SECONDS,
  pgliteDir,
  signingKey,
  signToken,
  tokenKeys,
  SQL_CLIENT,
} from '@app/application';
import { DeadlineRules, DeAnDecider, ROLES } from '@app/domain';
import { DataDirLockedError, EventStore, lockDataDir, SqlClient } from '@app/event-store';
import { demoEnvironment, runDemo } from './demo/demo';
import { importFile, importFileThroughApi } from './import-file';
import { projectionsCommand, ProjectionsRequest } from './projections/projections-command';
import { walkthrough } from './walkthrough';

/** A value that must say something: `--province ""` is an error, not a claim of no province. */
const nonEmpty = (value: string): string => {
  if (value.trim().length === 0) throw new InvalidArgumentError('must not be empty.');
  return value;
};

const seconds = (value: string): number => {
  if (!/^\d{1,6}$/.test(value) || Number(value) < 1 || Number(value) > MAX_TOKEN_LIFETIME_SECONDS) {
    throw new InvalidArgumentError(`must be a number of seconds from 1 to ${MAX_TOKEN_LIFETIME_SECONDS} (the server refuses longer-lived tokens).`);
  }
  return Number(value);
};

type StoreWork = (context: {
  store: EventStore;
  sql: SqlClient;
  decider: DeAnDecider;
  deadlineRules: DeadlineRules;
  commands: CommandHandler;
  config: AppConfig;
}) => Promise<number>;

/** Opens the configured store (taking the embedded store's lock), runs `work`, closes it. */
async function withStore(work: StoreWork, hint: string): Promise<number> {
  const config = loadConfig();

  @Module({ imports: [CoreModule.forRoot(config)] })
  class CliModule {}

  let app;
  try {
    // Told before the framework boots (which would log the refusal as a crash); opening the store takes the lock for real.
    if (config.EVENT_STORE === 'pglite') lockDataDir(pgliteDir(config)).release();
    app = await NestFactory.createApplicationContext(CliModule, { logger: ['error', 'warn'], abortOnError: false });
  } catch (error) {
    if (error instanceof DataDirLockedError) {
      console.error(`${capitalise(error.message)}: stop that process first (the server started by npm start), or ${hint}.`);
      return 1;
    }
    throw error;
  }
  app.enableShutdownHooks();
  try {
    return await work({
      store: app.get<EventStore>(EVENT_STORE),
      sql: app.get<SqlClient>(SQL_CLIENT),
      decider: app.get<DeAnDecider>(DE_AN_DECIDER),
      deadlineRules: app.get<DeadlineRules>(DEADLINE_RULES),
      commands: app.get<CommandHandler>(COMMAND_HANDLER),
      config,
    });
  } finally {
    await app.close();
  }
}

const capitalise = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

function program(setExit: (code: number) => void): Command {
  const cli = new Command('npm run cli --').description('Khuyến công: the đề án engine on the command line').showHelpAfterError().exitOverride();
  // Every subcommand (commander copies these settings to those defined after them): a stray word is an error too.
  cli.allowExcessArguments(false);

  cli
    .command('token')
    .description("print a bearer token signed with JWT_SECRET or DATA_DIR's key (for development and scripts; people sign in)")
    .requiredOption('--sub <id>', 'subject (user id)', nonEmpty)
    .addOption(new Option('--role <role>', 'role').choices(ROLES).makeOptionMandatory())
    .option('--org <org>', 'organisation (applicants)', nonEmpty)
    .option('--province <code>', 'province code (province staff)', nonEmpty)
    .option('--name <name>', 'display name', nonEmpty)
    .option('--ttl <seconds>', `lifetime, at most ${MAX_TOKEN_LIFETIME_SECONDS}`, seconds, 8 * 3600)
    .action(async (options: { sub: string; role: string; org?: string; province?: string; name?: string; ttl: number }) => {
      const { ttl, ...claims } = options;
      try {
        actorFromClaims(claims); // what the server would refuse is not minted
      } catch (error) {
        if (!(error instanceof InvalidTokenError)) throw error;
        console.error(
          `token: ${error.message} (applicants need --org; --province must be a province code such as 52; --org a lower-case id such as htx-an-nhon)`,
        );
        return setExit(2);
      }
      const config = loadConfig();
      console.log(await signToken(claims as Parameters<typeof signToken>[0], tokenKeys(signingKey(config).key, config), { ttlSeconds: ttl }));
      setExit(0);
    });

  cli
    .command('walkthrough')
    .description('one đề án from registration to settlement, printed event by event')
    .action(async () =>
      setExit(
        await withStore(async ({ store, commands, decider, config }) => {
          console.log(`Kho sự kiện: ${store.name}${config.EVENT_STORE === 'pglite' ? ` (${config.DATA_DIR}/pglite)` : ''}\n`);
          return (await walkthrough(commands, decider, (line) => console.log(line))) ? 0 : 1;
        }, "walk a đề án through the running server's API (README: walkthrough with curl)"),
      ),
    );

  cli
    .command('verify')
    .description('verify the hash chain of the store or of one stream')
    .option('--stream <id>', 'one stream, e.g. de-an-<id>', nonEmpty)
    .action(async (options: { stream?: string }) =>
      setExit(
        await withStore(async ({ store }) => {
          const report = await store.verify(options.stream ? { streamId: options.stream } : {});
          console.log(JSON.stringify(report, null, 2));
          return report.ok ? 0 : 1;
        }, 'ask the running server: GET /api/v1/audit/verify (auditor or admin token)'),
      ),
    );

  cli
    .command('import')
    .description('import past đề án and plans (one JSON record per line, as POST /import/de-an); exit code 1 if any record failed')
    .argument('<file>', 'NDJSON file')
    .option('--api <url>', 'send the records through a running server (e.g. http://127.0.0.1:3000) instead of opening the store', nonEmpty)
    .option('--token <token>', 'bearer token of the importing officer or admin (with --api; or env KC_TOKEN)', nonEmpty)
    .action(async (file: string, options: { api?: string; token?: string }) => {
      if (options.api) {
        const token = options.token ?? process.env.KC_TOKEN;
        if (!token) {
          console.error('import --api needs --token (or KC_TOKEN): the events are recorded as imported by that user');
          return setExit(2);
        }
        return setExit(await importFileThroughApi(file, options.api, token));
      }
      if (options.token) {
        console.error('--token goes with --api; without it the CLI opens the store itself and records the import as your system account');
        return setExit(2);
      }
      setExit(
        await withStore(
          ({ commands, decider }) => importFile(file, commands, decider),
          `import through it: npm run cli -- import ${file} --api http://127.0.0.1:<PORT> --token <officer or admin token>`,
        ),
      );
    });

  const projections = cli.command('projections').description('the read models: status, rebuild, check');
  const runProjections = (request: ProjectionsRequest) =>
    withStore(
      ({ store, sql, deadlineRules }) => projectionsCommand(request, store, sql, deadlineRules),
      'use the running server: GET /api/v1/admin/projections, POST /api/v1/admin/projections/rebuild (admin token)',
    );
  projections
    .command('status')
    .description("each read model's state, owner, checkpoint, lag and last error")
    .option('--json', 'as JSON')
    .action(async (options: { json?: boolean }) => setExit(await runProjections({ sub: 'status', json: options.json === true })));
  projections
    .command('rebuild')
    .description('rebuild one read model (or all) from the start of the log, then swap it in')
    .argument('[name]')
    .action(async (name?: string) => setExit(await runProjections({ sub: 'rebuild', ...(name ? { name } : {}) })));
  projections
    .command('check')
    .description('rebuild into a scratch schema and compare with the live tables; exit 1 if they differ')
    .argument('[name]')
    .action(async (name?: string) => setExit(await runProjections({ sub: 'check', ...(name ? { name } : {}) })));

  cli
    .command('demo')
    .description(
      'import the Bình Định 2014–2020 history (341 đề án) through the import path, print its funding report, write all reports to an XLSX ' +
        '(own store in data/demo unless EVENT_STORE or DATA_DIR is set)',
    )
    .action(async () => {
      demoEnvironment(process.env);
      setExit(
        await withStore(
          ({ commands, sql, decider, deadlineRules, config }) =>
            runDemo(commands, sql, decider, config.EVENT_STORE === 'pglite' ? config.DATA_DIR : '.', deadlineRules),
          'give the demo a data directory of its own (DATA_DIR)',
        ),
      );
    });
  return cli;
}

async function main(argv: string[]): Promise<number> {
  let code = 0;
  const cli = program((value) => {
    code = value;
  });
  if (argv.length === 0) {
    cli.outputHelp();
    return 2;
  }
  try {
    await cli.parseAsync(argv, { from: 'user' });
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode === 0 ? 0 : 2;
    throw error;
  }
  return code;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error instanceof ConfigError ? error.message : error);
    process.exit(1);
  },
);
