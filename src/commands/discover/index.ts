import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigServiceClient } from '@aws-sdk/client-config-service';
import { Assumptions } from '../../core/assumptions.js';
import type { RecordingMode } from '../../core/recording.js';
import { loadAssumptionDefinitions, loadEventCatalog, loadRuleCatalog } from '../../data/load.js';
import { InputError, UsageError } from '../../errors.js';
import { writeFileAtomic } from '../../io/write-output.js';
import { ruleSetFromFile } from '../../rules/rule-set.js';
import { inventoryFileSchema } from '../../rules/schema.js';
import { toInventory } from '../../sources/config-service/inventory.js';
import { readConfigSetup, type AccountConfigSetup } from '../../sources/config-service/read-setup.js';
import { summariseRecording, type RecordingSummary } from '../../sources/config-service/recording.js';
import { toRuleSetFiles, type DiscoveredRuleSets } from '../../sources/config-service/rule-set.js';
import type { CommandIO } from '../io.js';
import { renderDiscoverSummary } from './summary.js';

export const RULES_FILE = 'rules-current.json';
export const PACK_RULES_FILE = 'rules-current-conformance-packs.json';
export const INVENTORY_FILE = 'inventory-current.json';

export interface DiscoverOptions {
  regions: string[];
  /** The folder the files go to (created if missing). */
  out: string;
  clientFor: (region: string) => ConfigServiceClient;
  /** The 12-digit account; default: read from the ARNs of the rules and recorders. */
  account?: string | undefined;
  /** Where the summary goes: stdout (`discover`), stderr (`--rules current`, whose report owns stdout), or nowhere. */
  summary?: 'stdout' | 'stderr' | 'none' | undefined;
  /** Inventory types: the container types the model evaluates (default) or every discovered type. */
  inventory?: 'containers' | 'all' | undefined;
  /** The date written into the rule-set description (tests fix it). */
  now?: Date | undefined;
}

export interface DiscoverResult {
  /** `<out>/rules-current.json`. */
  ruleSetPath: string;
  /** Every rule-set file written: rules-current.json, and rules-current-conformance-packs.json when the account mixes both. */
  ruleSetPaths: string[];
  /** The value for `estimate --rules`: the files joined with '+'. */
  rulesSpec: string;
  inventoryPath: string;
  account: string;
  /** The recorders as estimate flags (`recording.flags`), with `exact` and notes. */
  recording: RecordingSummary;
  rules: DiscoveredRuleSets['counts'];
  setups: AccountConfigSetup[];
  notes: string[];
}

const REGION = /^[a-z]{2}(-[a-z]+)+-\d+$/;
const ACCOUNT = /^\d{12}$/;

function checkRegions(regions: readonly string[]): string[] {
  const list = [...new Set(regions.flatMap((r) => r.split(',')).map((r) => r.trim()).filter((r) => r !== ''))];
  if (list.length === 0) throw new UsageError('discover: give --regions, e.g. --regions us-east-1,eu-west-1');
  for (const region of list) {
    if (!REGION.test(region)) throw new UsageError(`--regions: '${region}' is not an AWS region such as us-east-1`);
  }
  return list;
}

function resolveAccount(setups: readonly AccountConfigSetup[], given: string | undefined): string {
  const found = [...new Set(setups.map((s) => s.account).filter((a): a is string => a !== undefined))].sort();
  if (given !== undefined) {
    const other = found.filter((a) => a !== given);
    if (other.length > 0) throw new InputError(`--account ${given}: the credentials read AWS Config of account ${other.join(', ')}; drop --account or use that account's credentials`);
    return given;
  }
  if (found.length > 1) throw new InputError(`discover: the regions belong to different accounts (${found.join(', ')}); read one account at a time`);
  if (found.length === 0) {
    throw new InputError(`discover: no rule or recorder ARN names the account in ${setups.map((s) => s.region).join(', ')}; give --account 123456789012`);
  }
  return found[0]!;
}

const json = (value: unknown) => `${JSON.stringify(value, null, 2)}\n`;

/**
 * Reads the account's AWS Config set-up in each region and writes `<out>/rules-current.json` (plus
 * `rules-current-conformance-packs.json` when plain and conformance-pack rules mix) and
 * `<out>/inventory-current.json`, which `estimate --rules` and `--inventory` read.
 */
export async function runDiscover(options: DiscoverOptions, io: CommandIO): Promise<DiscoverResult> {
  const regions = checkRegions(options.regions);
  if (options.account !== undefined && !ACCOUNT.test(options.account)) throw new UsageError(`--account takes a 12-digit account id, not '${options.account}'`);
  if (options.out.trim() === '') throw new UsageError('--out: give a folder for the discovered files');

  const ruleCatalog = loadRuleCatalog();
  const eventCatalog = loadEventCatalog(new Assumptions(loadAssumptionDefinitions()));
  const modelTypes = [...eventCatalog.resourceTypes];
  const containerTypes = [...new Set([...modelTypes, ...ruleCatalog.rules.flatMap((r) => r.resourceTypes)])].filter((t) => t !== 'AWS::::Account');

  const setups: AccountConfigSetup[] = [];
  for (const region of regions) {
    const setup = await readConfigSetup(options.clientFor(region), region);
    if (setup.recorders.length === 0 && setup.rules.length === 0) {
      throw new InputError(`discover: AWS Config is not set up in ${region} (no configuration recorder and no rule): set it up there, or leave ${region} out of --regions`);
    }
    setups.push(setup);
  }
  const account = resolveAccount(setups, options.account);

  const date = (options.now ?? new Date()).toISOString().slice(0, 10);
  const description = `AWS Config rules of account ${account} in ${regions.join(', ')}, read by config-cost discover on ${date}`;
  const ruleSets = toRuleSetFiles(setups, ruleCatalog, { allChangeTypes: modelTypes, containerTypes, description });
  const recording = summariseRecording(setups, modelTypes);
  const inventory = toInventory(setups, account, options.inventory === 'all' ? 'all' : containerTypes);

  // The files must read back with the project's own loaders: a failure here is a bug, not bad input.
  const paths = ruleSets.files.map((f, i) => join(options.out, i === 0 ? RULES_FILE : PACK_RULES_FILE));
  ruleSets.files.forEach((f, i) => ruleSetFromFile(paths[i]!, JSON.parse(json(f.file)), ruleCatalog));
  inventoryFileSchema.parse(inventory.file);

  try {
    mkdirSync(options.out, { recursive: true });
  } catch (error) {
    throw new InputError(`--out ${options.out}: cannot create the folder (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`);
  }
  for (const [i, f] of ruleSets.files.entries()) await writeFileAtomic(paths[i]!, json(f.file));
  // A conformance-pack file left by an earlier run would no longer describe the account.
  if (ruleSets.files.length === 1) rmSync(join(options.out, PACK_RULES_FILE), { force: true });
  const inventoryPath = join(options.out, INVENTORY_FILE);
  await writeFileAtomic(inventoryPath, json(inventory.file));

  const notes = [...setups.flatMap((s) => s.warnings), ...recording.notes, ...ruleSets.notes, ...inventory.notes];
  const result: DiscoverResult = {
    ruleSetPath: paths[0]!,
    ruleSetPaths: paths,
    rulesSpec: paths.join('+'),
    inventoryPath,
    account,
    recording,
    rules: ruleSets.counts,
    setups,
    notes,
  };
  const summary = options.summary ?? 'stdout';
  if (summary !== 'none') {
    const text = renderDiscoverSummary(result, ruleSets, inventory);
    if (summary === 'stdout') io.stdout(text);
    else io.stderr(text);
  }
  return result;
}

/** The real client for the CLI: the default credential chain, or a named profile; fails fast when unreachable. */
export function createConfigServiceClient(region: string, profile?: string): ConfigServiceClient {
  return new ConfigServiceClient({
    region,
    ...(profile !== undefined ? { profile } : {}),
    maxAttempts: 3,
    requestHandler: { connectionTimeout: 5_000, requestTimeout: 30_000 },
  });
}

/** Real clients for the CLI, one per region, and a way to close them all when done. */
export function configServiceClients(profile?: string): { clientFor: (region: string) => ConfigServiceClient; close: () => void } {
  const clients = new Map<string, ConfigServiceClient>();
  return {
    clientFor: (region) => {
      let client = clients.get(region);
      if (!client) clients.set(region, (client = createConfigServiceClient(region, profile)));
      return client;
    },
    close: () => {
      for (const client of clients.values()) client.destroy();
      clients.clear();
    },
  };
}

/** The region the SDK would use (AWS_REGION, or the profile's `region`), for `--rules current` without --regions. */
export async function defaultRegion(profile?: string): Promise<string> {
  const client = new ConfigServiceClient(profile !== undefined ? { profile } : {});
  try {
    return await client.config.region();
  } catch {
    throw new UsageError(`no AWS region configured${profile !== undefined ? ` for profile ${profile}` : ''}: give --regions (e.g. --regions us-east-1) or set AWS_REGION`);
  } finally {
    client.destroy();
  }
}

/** True when a --rules value names the discovered set: `current`, alone or in an `A+B` combination. */
export function namesCurrentRules(spec: string): boolean {
  return spec.split('+').some((part) => part.trim() === 'current');
}

/** Replaces `current` in a --rules value with the discovered files (`current+security-hub-fsbp` -> `a.json+b.json+security-hub-fsbp`). */
export function expandCurrentRules(spec: string, rulesSpec: string): string {
  return spec
    .split('+')
    .map((part) => (part.trim() === 'current' ? rulesSpec : part))
    .join('+');
}

export interface CurrentSetupOptions {
  /** Default: the SDK's configured region. */
  regions?: string[] | undefined;
  profile?: string | undefined;
  account?: string | undefined;
  /** Where the files go; default: a new temporary folder (its path is printed on stderr). */
  out?: string | undefined;
  clientFor?: ((region: string) => ConfigServiceClient) | undefined;
}

/** What `estimate --rules current` needs: the --rules value, the --inventory file, and the recording settings. */
export interface CurrentSetup {
  rulesSpec: string;
  inventoryPath: string;
  recording: { mode: RecordingMode; recordTypes?: string[] | undefined; excludeTypes?: string[] | undefined };
  result: DiscoverResult;
}

/**
 * `--rules current` in one step: discovers into a folder (a temporary one by default), prints the summary on
 * stderr (stdout belongs to the report), and returns what estimate should use.
 */
export async function discoverForEstimate(options: CurrentSetupOptions, io: CommandIO): Promise<CurrentSetup> {
  const regions = options.regions !== undefined && options.regions.length > 0 ? options.regions : [await defaultRegion(options.profile)];
  const out = options.out ?? mkdtempSync(join(tmpdir(), 'config-cost-current-'));
  const own = options.clientFor === undefined ? configServiceClients(options.profile) : undefined;
  let result: DiscoverResult;
  try {
    result = await runDiscover({ regions, out, clientFor: options.clientFor ?? own!.clientFor, account: options.account, summary: 'stderr' }, io);
  } catch (error) {
    // Nothing half-written stays behind: a temporary folder of ours goes with the failure.
    if (options.out === undefined) rmSync(out, { recursive: true, force: true });
    throw error;
  } finally {
    own?.close();
  }
  return {
    rulesSpec: result.rulesSpec,
    inventoryPath: result.inventoryPath,
    recording: { mode: result.recording.mode, recordTypes: result.recording.recordTypes, excludeTypes: result.recording.excludeTypes },
    result,
  };
}
