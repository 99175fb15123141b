// First, before anything loads the pg driver (see the module).
import '@civicgraph/observability/instrument';
import { parseArgs } from 'node:util';
import { adminKeyCommand } from './commands/adminKey';
import { auditVerifyCommand } from './commands/auditVerify';
import { catalogExportCommand, LISTS, type ListName } from './commands/catalogExport';
import { composeCommand } from './commands/compose';
import { contextKeyCommand } from './commands/contextKey';
import { createMigrationCommand } from './commands/createMigration';
import { demoKeyCommand } from './commands/demoKey';
import { grantsCheckCommand } from './commands/grantsCheck';
import { grantsUnusedCommand } from './commands/grantsUnused';
import { migrateCommand } from './commands/migrate';
import { operationsRegisterCommand } from './commands/operationsRegister';
import {
  qualityIssuesCommand,
  qualityReportCommand,
  qualityRunCommand,
  QUALITY_GROUPINGS,
  type QualityGroupingName,
  type ReportFormat,
} from './commands/quality';
import { seedCommand } from './commands/seed';
import { staffCommand } from './commands/staff';
import { startCommand } from './commands/start';
import { tokenCommand } from './commands/token';
import { readEnv } from './cliEnvironment';
import { helpFor } from './commandHelp';
import { changesCommand } from './commands/changes';
import { webhookKeyCommand } from './commands/webhookKey';
import { feedsListenCommand } from './commands/feedsListen';
import { CITY_CHANGE_KINDS } from '@civicgraph/platform';

const USAGE = `civicgraph <command> [options]

Commands:
  start                           migrate, seed an empty city, serve subgraphs and gateway
  migrate                         apply pending migrations to every database (safe to repeat)
  seed [--persons N] [--seed S] [--defects SHARE]
                                  generate a coherent city into empty databases (default 10000 residents),
                                  with SHARE of each defect class broken on purpose (default 0.001; 0: none)
  compose [--check]               compose schema/*.graphql into schema/supergraph.graphql (--check: fail if stale)
  catalog:export [--list catalog|negative|responsibility|demand|tables] [--format json|csv]
                                  the resource catalog, one of the three lists, or the table catalog, to stdout
  admin:key [--name NAME]         create an administrator application and print its API key (once)
  audit verify [--anchors FILE]   check every audit chain (request log, each disclosure log); exit 1 naming
                                  the first edited, deleted or reordered record
  grants check                    find stored grants that give back a value read masked (an ID number beside
                                  the birth date), per scenario and per application; exit 1 when any
  grants unused --scenario S [--days N]
                                  grants the scenario's applications never used in N days (default 90),
                                  proposed for removal, and each application's traffic, through the running
                                  gateway's admin API (key in CIVICGRAPH_ADMIN_KEY); exit 1 when any
  operations register --scenario S FILE...
                                  register a client's operations (a persisted-documents manifest .json, or
                                  .graphql files) for a scenario, through the running gateway's admin API
                                  (key in CIVICGRAPH_ADMIN_KEY, gateway at CIVICGRAPH_URL)
  quality run [--format text|json|csv]
                                  run the data quality rules now through the running platform (admin API),
                                  showing progress, then print the report; exit 1 when the run failed
  quality report [--run ID] [--by department|database|table|item|dimension] [--format text|json|csv]
                                  GB/T 36344 rates (passed/checked per dimension) of the newest run, grouped
  quality issues [--department D] [--state S] [--overdue] [--format text|json|csv]
                                  quality issues handed to the accountable departments, oldest due first
  staff add --username U --role ROLE... [--name N] [--oidc-subject SUB]
                                  create a console account (password from stdin); ROLE: admin, auditor,
                                  reviewer:DEPT, steward:DEPT, developer:DEPT[:APP_ID,...]
  staff grant --username U --role ROLE...    give more roles;   staff disable --username U;   staff list
  changes [--births N] [--deaths N] [--moves N] [--deregistrations N] [--revocations N]
                                  make registry changes in the demo city (what the change feeds carry)
  feeds listen --port P [--secret whsec_…] [--count N]
                                  a local webhook endpoint that checks each change event's signatures and prints it
  webhook-key                     add a key that signs webhooks (rotation: every key in the data folder signs)
  context-key --out DIR           write a new context-signing key pair (gateway's private, subgraphs' public key)
  demo:key --scenario S           print the demo application's API key of scenario S (admin: the demo administrator's)
  token --id-number N [--ttl SECONDS]
                                  mint a development subject token (X-Subject-Token) for a citizen
  migration:create --name NAME [--db DB]
                                  write a migration for each changed schema.prisma

\`civicgraph <command> --help\` shows a command's options and an example. Configuration comes from the
environment; see the README's configuration table.`;

async function main(argv: string[]): Promise<void> {
  const [command, ...rest] = argv;
  if (command === '--help' || command === '-h') return console.log(USAGE);
  const { values, positionals } = parseArgs({
    // `audit verify`, `grants check`, `operations register`: the subcommand is not an option.
    args:
      command === 'audit' || command === 'grants' || command === 'operations' || command === 'quality' || command === 'staff' || command === 'feeds'
        ? rest.slice(1)
        : rest,
    allowPositionals: command === 'operations',
    options: {
      persons: { type: 'string' },
      births: { type: 'string' },
      port: { type: 'string' },
      secret: { type: 'string' },
      count: { type: 'string' },
      deaths: { type: 'string' },
      moves: { type: 'string' },
      deregistrations: { type: 'string' },
      revocations: { type: 'string' },
      seed: { type: 'string' },
      check: { type: 'boolean', default: false },
      name: { type: 'string' },
      db: { type: 'string' },
      'id-number': { type: 'string' },
      ttl: { type: 'string' },
      out: { type: 'string' },
      anchors: { type: 'string' },
      list: { type: 'string' },
      format: { type: 'string' },
      scenario: { type: 'string' },
      days: { type: 'string' },
      run: { type: 'string' },
      defects: { type: 'string' },
      by: { type: 'string' },
      department: { type: 'string' },
      state: { type: 'string' },
      overdue: { type: 'boolean' },
      username: { type: 'string' },
      role: { type: 'string', multiple: true },
      'oidc-subject': { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    },
    strict: true,
  });
  if (values.help || !command || command === 'help' || command === '--help' || command === '-h') {
    console.log((command && helpFor(command, rest[0])) ?? USAGE);
    return;
  }
  const positiveInt = (flag: string, value: string | undefined, fallback: number) => {
    if (value === undefined) return fallback;
    const n = Number(value);
    if (!Number.isInteger(n) || n < 1) throw new Error(`--${flag} must be a positive whole number, got "${value}"`);
    return n;
  };
  const share = (flag: string, value: string) => {
    const n = Number(value);
    if (!(n >= 0 && n <= 0.1)) throw new Error(`--${flag} must be a share from 0 to 0.1, got "${value}"`);
    return n;
  };
  switch (command) {
    case 'start':
      return startCommand(readEnv());
    case 'migrate':
      return migrateCommand(readEnv());
    case 'seed': {
      const env = readEnv();
      return seedCommand(env, {
        persons: positiveInt('persons', values.persons, env.CIVICGRAPH_SEED_PERSONS),
        defects: values.defects === undefined ? env.CIVICGRAPH_SEED_DEFECTS : share('defects', values.defects),
        seed: values.seed === undefined ? undefined : positiveInt('seed', values.seed, 1),
        progress: process.stdout.isTTY,
      });
    }
    case 'compose':
      return composeCommand({ check: values.check });
    case 'catalog:export': {
      const list = (values.list ?? 'catalog') as ListName;
      if (!LISTS.includes(list)) throw new Error(`--list must be one of ${LISTS.join(', ')}, got "${list}"`);
      const format = values.format ?? 'json';
      if (format !== 'json' && format !== 'csv') throw new Error(`--format must be json or csv, got "${format}"`);
      return catalogExportCommand(readEnv(), list, format);
    }
    case 'audit':
      if (rest[0] !== 'verify') throw new Error('audit needs a subcommand: civicgraph audit verify');
      return auditVerifyCommand(readEnv(), values.anchors);
    case 'grants':
      if (rest[0] === 'check') return grantsCheckCommand(readEnv());
      if (rest[0] === 'unused') {
        if (!values.scenario) throw new Error('grants unused needs --scenario, e.g. --scenario district-office');
        return grantsUnusedCommand(readEnv(), values.scenario, positiveInt('days', values.days, 90));
      }
      throw new Error('grants needs a subcommand: civicgraph grants check, or civicgraph grants unused --scenario S');
    case 'operations':
      if (rest[0] !== 'register') throw new Error('operations needs a subcommand: civicgraph operations register --scenario S FILE...');
      if (!values.scenario) throw new Error('operations register needs --scenario, e.g. --scenario citizen-self-service');
      return operationsRegisterCommand(readEnv(), values.scenario, positionals);
    case 'quality': {
      const format = (values.format ?? 'text') as ReportFormat;
      if (!['text', 'json', 'csv'].includes(format)) throw new Error(`--format must be text, json or csv, got "${format}"`);
      if (rest[0] === 'run') return qualityRunCommand(readEnv(), format);
      if (rest[0] === 'report') {
        const by = (values.by ?? 'department') as QualityGroupingName;
        if (!QUALITY_GROUPINGS.includes(by)) throw new Error(`--by must be one of ${QUALITY_GROUPINGS.join(', ')}, got "${by}"`);
        return qualityReportCommand(readEnv(), { runId: values.run, groupBy: by, format });
      }
      if (rest[0] === 'issues')
        return qualityIssuesCommand(readEnv(), { departmentCode: values.department, state: values.state, overdue: values.overdue }, format);
      throw new Error('quality needs a subcommand: civicgraph quality run, quality report or quality issues');
    }
    case 'staff':
      if (rest[0] !== 'list' && !values.username) throw new Error(`staff ${rest[0] ?? ''} needs --username, e.g. --username wang.fang`.replace('  ', ' '));
      if ((rest[0] === 'add' || rest[0] === 'grant') && !values.role?.length) throw new Error(`staff ${rest[0]} needs --role, e.g. --role reviewer:SH-PSB`);
      return staffCommand(readEnv(), rest[0], {
        username: values.username ?? '',
        displayName: values.name,
        roles: values.role ?? [],
        oidcSubject: values['oidc-subject'],
      });
    case 'changes': {
      const counts = Object.fromEntries(CITY_CHANGE_KINDS.map((kind) => [kind, values[kind] === undefined ? 0 : positiveInt(kind, values[kind], 0)]));
      if (!Object.values(counts).some((n) => n > 0)) throw new Error('changes needs at least one count, e.g. --deaths 1');
      return changesCommand(readEnv(), counts);
    }
    case 'feeds':
      if (rest[0] !== 'listen') throw new Error('feeds needs a subcommand: civicgraph feeds listen --port 9000');
      return feedsListenCommand(
        readEnv(),
        positiveInt('port', values.port, 9000),
        values.secret,
        values.count === undefined ? undefined : positiveInt('count', values.count, 1),
      );
    case 'webhook-key':
      return webhookKeyCommand(readEnv());
    case 'admin:key':
      return adminKeyCommand(readEnv(), values.name ?? 'Administrator');
    case 'context-key':
      if (!values.out) throw new Error('context-key needs --out, e.g. --out keys/2027-01');
      return contextKeyCommand(values.out);
    case 'demo:key':
      if (!values.scenario) throw new Error('demo:key needs --scenario, e.g. --scenario district-office');
      return demoKeyCommand(readEnv(), values.scenario);
    case 'token':
      if (!values['id-number']) throw new Error('token needs --id-number, e.g. --id-number 11010519491231002X');
      return tokenCommand(readEnv(), values['id-number'], positiveInt('ttl', values.ttl, 3600));
    case 'migration:create':
      if (!values.name) throw new Error('migration:create needs --name, e.g. --name add_person_email');
      return createMigrationCommand(values.name, values.db);
    default:
      throw new Error(`unknown command "${command}"\n\n${USAGE}`);
  }
}

main(process.argv.slice(2)).catch((error: unknown) => {
  console.error(`civicgraph: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
