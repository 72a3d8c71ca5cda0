import yargs, { type Argv, type Options } from 'yargs';
import { ExitCode, UsageError } from './errors.js';
import type { OutputOptions } from './commands/estimate/index.js';
import type { CommandIO } from './commands/io.js';
import type { ReplayOptions } from './commands/estimate/prepare.js';
import { pricingCommand } from './commands/pricing/cli.js';
import type { RecordingMode } from './core/recording.js';
import { OUTPUT_FORMATS, type OutputFormat } from './report/render.js';
import type { Trigger } from './rules/schema.js';

// Each command's module is imported when the command runs: the AWS SDK clients behind some of them cost
// a fifth of a second and 20 MB each to load, which --help and a local estimate should not pay.
const commands = {
  estimate: () => import('./commands/estimate/index.js'),
  compare: () => import('./commands/compare/index.js'),
  plan: () => import('./commands/plan/index.js'),
  rules: () => import('./commands/rules/index.js'),
  simulate: () => import('./commands/simulate/index.js'),
  discover: () => import('./commands/discover/index.js'),
  backtest: () => import('./commands/backtest/index.js'),
};

/** A number flag read as text, so "--days abc" gets a message that quotes what was typed. */
function numberFlag(value: unknown, flag: string): number | undefined {
  if (value === undefined) return undefined;
  const text = String(value).trim();
  const n = Number(text);
  if (text === '' || !Number.isFinite(n)) throw new UsageError(`${flag} takes a number, not '${String(value)}'`);
  return n;
}

const strings = (value: unknown): string[] | undefined =>
  value === undefined ? undefined : (Array.isArray(value) ? value : [value]).map(String);

/** The input flags every replay-based command shares (estimate, compare). */
const REPLAY_FLAGS = {
  events: { type: 'string', array: true, default: [] as string[], describe: 'CloudTrail file or folder, or s3://BUCKET[/PREFIX] (repeatable): .json, .json.gz, .jsonl, lookup-events output' },
  source: { choices: ['files', 'lookup', 'lake', 'athena'] as const, describe: 'read from LookupEvents, CloudTrail Lake or Athena instead of --events' },
  regions: { type: 'string', array: true, describe: '--source lookup: regions to read (comma-separated)' },
  'event-data-store': { type: 'string', describe: '--source lake: the event data store ARN' },
  database: { type: 'string', describe: '--source athena: the database of the CloudTrail table' },
  table: { type: 'string', describe: '--source athena: the CloudTrail table' },
  workgroup: { type: 'string', describe: '--source athena: the workgroup' },
  'output-location': { type: 'string', describe: '--source athena: s3:// location for query results (default: the workgroup\'s)' },
  'partition-filter': { type: 'string', describe: '--source athena: an SQL condition on the partition columns, to scan less' },
  'history-days': { type: 'string', describe: '--source lake|athena: days before the window read for history and inventory (default 30)' },
  days: { type: 'string', default: '30', describe: 'window length in days, ending at --until' },
  until: { type: 'string', describe: 'end of the window, exclusive (default: end of the UTC day of the newest record)' },
  from: { type: 'string', describe: 'start of the window (inclusive), date or ISO timestamp' },
  to: { type: 'string', describe: 'end of the window (exclusive), date or ISO timestamp' },
  recording: { choices: ['continuous', 'daily'], describe: 'recording frequency (default continuous; --rules current: the account\'s)' },
  'exclude-types': { type: 'string', array: true, describe: 'resource types the recorder leaves out (comma-separated or repeated)' },
  'record-types': { type: 'string', array: true, describe: 'record only these resource types' },
  rules: { type: 'string', array: true, default: [] as string[], describe: "rule set (repeatable): none, containers-2022, containers-all, security-hub-fsbp, pack:NAME, a JSON/YAML file, or A+B; 'config-cost rules sets' lists them" },
  inventory: { type: 'string', describe: 'inventory file: resources that periodic rules evaluate (default: inferred from the replay)' },
  'tier-scope': { choices: ['region', 'account'], describe: 'pool evaluation tiers per region across accounts (default) or per account' },
  'month-days': { type: 'string', describe: 'days in the forecast month (default 30)' },
  month: { type: 'string', describe: 'forecast this calendar month (YYYY-MM) from weekday and weekend rates' },
  trend: { type: 'boolean', default: false, describe: "apply the window's least-squares trend to the forecast" },
  assume: { type: 'string', array: true, default: [] as string[], describe: 'override a named assumption: ID=VALUE (repeatable)' },
  profile: { type: 'string', describe: 's3:// sources: the AWS profile (default: the default credential chain)' },
  's3-accounts': { type: 'string', array: true, describe: 's3:// sources: only these account ids (comma-separated; default: every account folder)' },
  's3-regions': { type: 'string', array: true, describe: 's3:// sources: only these regions (comma-separated; default: every region folder)' },
  'cache-dir': { type: 'string', describe: 's3:// sources: where fetched objects are kept (default: $XDG_CACHE_HOME/config-cost, else ~/.cache/config-cost)' },
  cache: { type: 'boolean', default: true, describe: 's3:// sources: keep fetched objects for the next run (--no-cache: a temporary folder, removed after)' },
  parallelism: { type: 'string', describe: 's3:// sources: downloads in flight (default: 8 per core, 8 to 48)' },
  'dry-run': { type: 'boolean', default: false, describe: 'say what would be read (for s3://: listed, fetched, and what the requests cost), then stop' },
} as const satisfies Record<string, Options>;

/** Output flags of every reporting command (estimate, compare, plan). */
const OUTPUT_FLAGS = {
  format: { choices: OUTPUT_FORMATS, default: 'table', describe: 'output format' },
  out: { type: 'string', describe: 'write the report to this file instead of stdout' },
  force: { type: 'boolean', default: false, describe: 'let --out overwrite a file that is not a config-cost report' },
  'allow-partial': { type: 'boolean', default: false, describe: 'exit 0, not 3, when some files or records could not be used' },
  'fail-over': { type: 'string', describe: 'exit 1 when the monthly total (first rule set) is above this many USD' },
  quiet: { type: 'boolean', default: false, describe: 'no progress on stderr' },
  color: { type: 'boolean', default: true, describe: 'colour on a terminal (--no-color, or NO_COLOR, turns it off)' },
  'price-list': { type: 'string', describe: 'a price list file (the format of pricing/aws-config.json) instead of the bundled one' },
} as const satisfies Record<string, Options>;

function outputOptions(args: Record<string, unknown>): OutputOptions & { priceList?: string | undefined; quiet: boolean } {
  return {
    format: args.format as OutputFormat,
    out: args.out as string | undefined,
    force: Boolean(args.force),
    allowPartial: Boolean(args['allow-partial']),
    failOver: numberFlag(args['fail-over'], '--fail-over'),
    quiet: Boolean(args.quiet),
    color: args.color !== false,
    priceList: args['price-list'] as string | undefined,
  };
}

function replayOptions(args: Record<string, unknown>): ReplayOptions {
  return {
    events: strings(args.events) ?? [],
    days: numberFlag(args.days, '--days')!,
    from: args.from as string | undefined,
    to: args.to as string | undefined,
    until: args.until as string | undefined,
    recording: (args.recording as RecordingMode | undefined) ?? 'continuous',
    recordingGiven: args.recording !== undefined,
    recordTypes: strings(args['record-types']),
    excludeTypes: strings(args['exclude-types']),
    rules: strings(args.rules) ?? [],
    inventory: args.inventory as string | undefined,
    tierScope: args['tier-scope'] as 'region' | 'account' | undefined,
    monthDays: numberFlag(args['month-days'], '--month-days'),
    month: args.month as string | undefined,
    trend: Boolean(args.trend),
    source: args.source as ReplayOptions['source'],
    regions: strings(args.regions),
    eventDataStore: args['event-data-store'] as string | undefined,
    database: args.database as string | undefined,
    table: args.table as string | undefined,
    workgroup: args.workgroup as string | undefined,
    outputLocation: args['output-location'] as string | undefined,
    partitionFilter: args['partition-filter'] as string | undefined,
    historyDays: numberFlag(args['history-days'], '--history-days'),
    assume: strings(args.assume) ?? [],
    // A repeated single-value flag comes as an array: the last one wins.
    profile: strings(args.profile)?.at(-1),
    s3Accounts: strings(args['s3-accounts']),
    s3Regions: strings(args['s3-regions']),
    cacheDir: strings(args['cache-dir'])?.at(-1),
    cache: args.cache !== false,
    parallelism: numberFlag(strings(args.parallelism)?.at(-1), '--parallelism'),
    dryRun: Boolean(args['dry-run']),
  };
}

/** The change-triggered, per-resource rules of a rule set, as the simulator's PutEvaluations takes them. */
async function changeRulesOf(spec: string): Promise<{ name: string; resourceTypes: string[] }[]> {
  const [{ resolveRuleSet }, { loadRuleCatalog, readUserDataFile }, { existsSync, statSync }] = await Promise.all([
    import('./rules/rule-set.js'),
    import('./data/load.js'),
    import('node:fs'),
  ]);
  const set = resolveRuleSet(spec, loadRuleCatalog(), readUserDataFile, (p) => existsSync(p) && statSync(p).isFile());
  return set.rules.filter((r) => r.trigger !== 'periodic' && !r.accountLevel).map((r) => ({ name: r.name, resourceTypes: r.resourceTypes }));
}

/**
 * Wires the commands to yargs and runs one. Returns the exit code; the entry point alone exits.
 */
export async function runCli(argv: readonly string[], io: CommandIO): Promise<ExitCode> {
  let exitCode: ExitCode = ExitCode.ok;
  const cli: Argv = yargs([...argv])
    .scriptName('config-cost')
    .usage('$0 <command> [options]\n\nForecast what AWS Config will cost for ECS, ECR and EKS, from the CloudTrail events that cause the charges.')
    .command(
      'estimate',
      'Replay CloudTrail files into configuration items and a monthly AWS Config bill',
      (y) =>
        y
          .options(REPLAY_FLAGS)
          .options(OUTPUT_FLAGS)
          .example('$0 estimate --days 30 --events examples/cloudtrail', 'estimate from the bundled synthetic sample')
          .example('$0 estimate --events trail/ --recording daily --format json', 'what daily recording would cost'),
      async (args) => {
        const result = await (await commands.estimate()).runEstimate({ ...replayOptions(args), ...outputOptions(args) }, io);
        exitCode = result.exitCode;
      },
    )
    .command(
      'compare',
      'Compare rule sets side by side on the same replay: what each set and each rule adds to the bill',
      (y) =>
        y
          .options(REPLAY_FLAGS)
          .options(OUTPUT_FLAGS)
          .example('$0 compare --events examples/cloudtrail --rules none --rules containers-2022 --rules security-hub-fsbp', 'three rule sets side by side'),
      async (args) => {
        const result = await (await commands.compare()).runCompare({ ...replayOptions(args), ...outputOptions(args) }, io);
        exitCode = result.exitCode;
      },
    )
    .command(
      'plan',
      'What a deploy rate, a rule set or a recording mode does to the bill: from a replay, or with no data',
      (y) =>
        y
          .options({ ...REPLAY_FLAGS, events: { ...REPLAY_FLAGS.events, demandOption: false, default: [] as string[] } })
          .option('deploys-per-day', { type: 'string', describe: 'deploys per service per day to plan for' })
          .option('scale-deploys', { type: 'string', describe: "replay: multiply today's deploys (2x, 0.5x)" })
          .option('autoscaling-per-day', { type: 'string', describe: 'desiredCount changes per service per day' })
          .option('scale-autoscaling', { type: 'string', describe: "replay: multiply today's auto-scaling actions" })
          .option('services', { type: 'string', describe: 'no data: ECS services per account' })
          .option('tasks-per-service', { type: 'string', describe: 'no data: tasks a deploy replaces (awsvpc: one ENI each; default 0)' })
          .option('accounts', { type: 'string', describe: 'no data: accounts (default 1)' })
          .option('region', { type: 'string', describe: 'no data: region (default us-east-1)' })
          .option('clusters', { type: 'string', describe: 'no data: ECS clusters per account (default 1)' })
          .option('repositories', { type: 'string', describe: 'no data: ECR repositories per account (default: one per service)' })
          .option('budget', { type: 'string', describe: 'monthly budget in USD: the most deploys per service a day within it' })
          .options(OUTPUT_FLAGS)
          .example('$0 plan --services 20 --deploys-per-day 10 --tasks-per-service 3 --rules containers-2022 --budget 200', 'no data: what 10 deploys a day cost, and how many fit $200')
          .example('$0 plan --events examples/cloudtrail --scale-deploys 2x --rules security-hub-fsbp', "from a replay: twice today's deploys"),
      async (args) => {
        const result = await (await commands.plan()).runPlan(
          {
            ...replayOptions(args),
            deploysPerDay: numberFlag(args['deploys-per-day'], '--deploys-per-day'),
            scaleDeploys: args['scale-deploys'],
            autoscalingPerDay: numberFlag(args['autoscaling-per-day'], '--autoscaling-per-day'),
            scaleAutoscaling: args['scale-autoscaling'],
            services: numberFlag(args.services, '--services'),
            tasksPerService: numberFlag(args['tasks-per-service'], '--tasks-per-service'),
            accounts: numberFlag(args.accounts, '--accounts'),
            region: args.region,
            clusters: numberFlag(args.clusters, '--clusters'),
            repositories: numberFlag(args.repositories, '--repositories'),
            budget: numberFlag(args.budget, '--budget'),
            ...outputOptions(args),
          },
          io,
        );
        exitCode = result.exitCode;
      },
    )
    .command(
      'rules <action> [name]',
      'The managed-rule catalog: list rules, show one, list the built-in rule sets',
      (y) =>
        y
          .positional('action', { choices: ['list', 'show', 'sets'] as const, describe: 'list, show NAME, or sets' })
          .positional('name', { type: 'string', describe: 'rule name or identifier (show)' })
          .option('service', { type: 'string', describe: 'filter: ECS, ECR, EKS, Inspector, GuardDuty' })
          .option('trigger', { choices: ['change', 'periodic', 'both'] as const, describe: 'filter by trigger' })
          .option('pack', { type: 'string', describe: 'filter: rules in this awslabs conformance pack' })
          .option('format', { choices: ['table', 'json'] as const, default: 'table' as const }),
      async (args) => {
        await (await commands.rules()).runRules(
          { action: args.action as 'list' | 'show' | 'sets', name: args.name, service: args.service, trigger: args.trigger as Trigger | undefined, pack: args.pack, format: args.format },
          io,
        );
      },
    )
    .command(
      'discover',
      "Read the account's AWS Config setup (recorders, rules, resource counts) into a rule-set and an inventory file",
      (y) =>
        y
          .option('regions', { type: 'string', array: true, describe: 'regions to read (comma-separated or repeated; default: the profile region)' })
          .option('profile', { type: 'string', describe: 'AWS profile (default: the default credential chain)' })
          .option('account', { type: 'string', describe: 'the 12-digit account id, when the setup does not show it' })
          .option('out', { type: 'string', default: '.', describe: 'folder for rules-current.json and inventory-current.json' }),
      async (args) => {
        const discover = await commands.discover();
        const regionsGiven = (strings(args.regions) ?? []).flatMap((r) => r.split(',')).map((r) => r.trim()).filter((r) => r !== '');
        const profile = args.profile as string | undefined;
        const regions = regionsGiven.length > 0 ? regionsGiven : [await discover.defaultRegion(profile)];
        const clients = discover.configServiceClients(profile);
        try {
          await discover.runDiscover({ regions, out: String(args.out), clientFor: clients.clientFor, account: args.account as string | undefined }, io);
        } finally {
          clients.close();
        }
      },
    )
    .command(pricingCommand(io))
    .command(
      'backtest',
      'Hold the model against what AWS recorded (PutEvaluations, ConfigurationItemsRecorded) and billed (CUR, Cost Explorer)',
      (y) =>
        y
          .options(REPLAY_FLAGS)
          .option('observed-cis', { type: 'string', describe: 'CIs AWS recorded: a ConfigurationItemsRecorded export (JSON or CSV)' })
          .option('cloudwatch', { type: 'boolean', default: false, describe: 'read ConfigurationItemsRecorded from CloudWatch (GetMetricData)' })
          .option('cur', { type: 'string', describe: 'what was billed: a Cost and Usage Report CSV' })
          .option('billing', { type: 'boolean', default: false, describe: 'what was billed: Cost Explorer (AWS bills each request, $0.01)' })
          .option('fail-over-error', { type: 'string', describe: 'exit 1 when any row is off by more than this many percent' })
          .option('format', { choices: ['table', 'json'] as const, default: 'table' as const })
          .option('out', { type: 'string' })
          .option('force', { type: 'boolean', default: false })
          .option('allow-partial', { type: 'boolean', default: false })
          .option('quiet', { type: 'boolean', default: false })
          .option('color', { type: 'boolean', default: true })
          .option('price-list', { type: 'string' }),
      async (args) => {
        const result = await (await commands.backtest()).runBacktest(
          {
            ...replayOptions(args),
            observedCis: args['observed-cis'] as string | undefined,
            cloudwatch: Boolean(args.cloudwatch),
            cur: args.cur as string | undefined,
            billing: Boolean(args.billing),
            failOverError: numberFlag(args['fail-over-error'], '--fail-over-error'),
            format: args.format as 'table' | 'json',
            out: args.out as string | undefined,
            force: Boolean(args.force),
            allowPartial: Boolean(args['allow-partial']),
            color: args.color !== false,
            priceList: args['price-list'] as string | undefined,
            quiet: Boolean(args.quiet),
          },
          io,
        );
        exitCode = result.exitCode;
      },
    )
    .command(
      'simulate',
      'Write a synthetic CloudTrail archive shaped like a container CI/CD account (labelled synthetic)',
      (y) =>
        y
          .option('out', { type: 'string', describe: 'folder to write the archive into', demandOption: true })
          .option('seed', { type: 'string', default: '1', describe: 'random seed; the same seed writes the same bytes' })
          .option('days', { type: 'string', default: '30', describe: 'days of activity' })
          .option('until', { type: 'string', default: '2026-11-02', describe: 'the archive ends at the start of this UTC day' })
          .option('accounts', { type: 'string', default: '1' })
          .option('region', { type: 'string', default: 'us-east-1' })
          .option('services', { type: 'string', default: '4', describe: 'ECS services per account' })
          .option('deploys-per-day', { type: 'string', default: '3', describe: 'deploys per service per weekday' })
          .option('autoscaling-per-day', { type: 'string', default: '2', describe: 'desiredCount changes per service per day' })
          .option('forced-redeploys-per-day', { type: 'string', default: '0.5', describe: 'forced redeploys per service per day' })
          .option('noise-per-day', { type: 'string', default: '200', describe: 'unrelated and read-only records per account per day' })
          .option('failed-rate', { type: 'string', default: '0.02', describe: 'share of deploy calls with a failed attempt first' })
          .option('duplicate-rate', { type: 'string', default: '0.01', describe: 'share of records delivered twice' })
          .option('clusters', { type: 'string', default: '1', describe: 'ECS clusters per account' })
          .option('tasks-per-service', { type: 'string', default: '2', describe: 'running tasks per service (awsvpc: one ENI each)' })
          .option('delivery-minutes', { type: 'string', default: '5', describe: 'minutes of records per log file (CloudTrail: about 5)' })
          .option('organization', { type: 'boolean', default: false, describe: 'use the organization-trail layout AWSLogs/<org-id>/<account>/' })
          .option('manifest', { type: 'string', describe: 'also write the ground-truth manifest (JSON) to this file' })
          .option('put-evaluations', { type: 'string', describe: "also write the PutEvaluations records AWS Config makes for a rule set's change-triggered rules (for backtest)" }),
      async (args) => {
        const spec = args['put-evaluations'] as string | undefined;
        const putEvaluations = spec === undefined ? undefined : await changeRulesOf(spec);
        await (await commands.simulate()).runSimulate(
          {
            out: String(args.out),
            seed: numberFlag(args.seed, '--seed')!,
            days: numberFlag(args.days, '--days')!,
            until: String(args.until),
            accounts: numberFlag(args.accounts, '--accounts')!,
            region: String(args.region),
            services: numberFlag(args.services, '--services')!,
            deploysPerDay: numberFlag(args['deploys-per-day'], '--deploys-per-day')!,
            autoscalingPerDay: numberFlag(args['autoscaling-per-day'], '--autoscaling-per-day')!,
            forcedRedeploysPerDay: numberFlag(args['forced-redeploys-per-day'], '--forced-redeploys-per-day')!,
            noisePerDay: numberFlag(args['noise-per-day'], '--noise-per-day')!,
            failedRate: numberFlag(args['failed-rate'], '--failed-rate')!,
            duplicateRate: numberFlag(args['duplicate-rate'], '--duplicate-rate')!,
            organization: Boolean(args.organization),
            clusters: numberFlag(args.clusters, '--clusters')!,
            tasksPerService: numberFlag(args['tasks-per-service'], '--tasks-per-service')!,
            deliveryMinutes: numberFlag(args['delivery-minutes'], '--delivery-minutes')!,
            putEvaluations,
            manifest: args.manifest,
          },
          io,
        );
      },
    )
    .demandCommand(1, 'name a command: estimate, compare, plan, rules, discover, pricing, backtest or simulate')
    .strict()
    .help()
    .version()
    .wrap(Math.min(110, process.stdout.columns ?? 110))
    .exitProcess(false)
    .fail((message, error) => {
      if (error) throw error;
      throw new UsageError(message);
    });
  await cli.parseAsync();
  return exitCode;
}
