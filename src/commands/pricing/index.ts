/**
 * `config-cost pricing update`: refresh a price list from the AWS Price List API (GetProducts, AWSConfig)
 * for the regions asked, keeping each price's effective date.
 * `config-cost pricing show`: what the tool will charge, per usage type, and since when.
 */
import { relative, resolve } from 'node:path';
import { PricingClient } from '@aws-sdk/client-pricing';
import { DATA_FILES } from '../../data/load.js';
import { InputError, UsageError } from '../../errors.js';
import { fetchConfigProducts } from '../../sources/price-list/fetch.js';
import { parsePriceList, REGION_PATTERN, type KeptPrice } from '../../sources/price-list/parse.js';
import type { PriceListFile, PriceListSet } from '../../sources/price-list/types.js';
import type { CommandIO } from '../io.js';
import { checkPriceListOut, readPriceListFile, writePriceListAtomic } from './price-list-file.js';
import { describeTiers, renderPriceTable, type ShowModel } from './render.js';

/** The Price List API is served from us-east-1 (and ap-south-1); its prices cover every region. */
export const PRICE_LIST_ENDPOINT_REGION = 'us-east-1';

/** A Price List API client on the us-east-1 endpoint, with the named profile's credentials when given. */
export function createPricingClient(profile?: string): PricingClient {
  // The SDK warns on Node 20 about releases after January 2027; config-cost pins its SDK and supports Node 20,
  // so the warning would only clutter the one-line output. An explicit setting of the variable wins.
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  return new PricingClient({
    region: PRICE_LIST_ENDPOINT_REGION,
    ...(profile !== undefined && profile.trim() !== '' ? { profile: profile.trim() } : {}),
    maxAttempts: 3,
    requestHandler: { connectionTimeout: 5_000, requestTimeout: 30_000 },
  });
}

export interface PricingUpdateOptions {
  /** Region codes (comma-separated values are split). */
  regions: string[];
  /** The file to write; pricing/aws-config.json only when named here. */
  out: string;
  client: PricingClient;
  /** YYYY-MM-DD written as `checked`; of several terms of a SKU, the one in force on this date is taken. */
  checkedDate: string;
  /** The price list whose prices fill in what the API does not return, and whose other regions are kept (default: the bundled one). */
  base?: string | undefined;
  /** Base for relative paths (default: the process working directory). */
  cwd?: string | undefined;
  /** The --profile the client was made with, to name it in credential errors. */
  profile?: string | undefined;
}

export interface PricingUpdateResult {
  out: string;
  file: PriceListFile;
  kept: KeptPrice[];
  keptRegions: string[];
}

const DAY = /^\d{4}-\d{2}-\d{2}$/;

/** Where `pricing update` writes when --out is not given: a file in the working directory, never the bundled list. */
export const DEFAULT_UPDATE_OUT = 'aws-config-prices.json';

/** Today's UTC date, YYYY-MM-DD: the `checked` date of a refresh. */
export const todayUTC = (now: Date = new Date()): string => now.toISOString().slice(0, 10);

/** The regions `pricing update` refreshes when none are given: those of the bundled price list. */
export function defaultUpdateRegions(): string[] {
  return readPriceListFile(DATA_FILES.pricing).priceSets.flatMap((s) => s.regions);
}

/** Region codes from flag values (repeated and/or comma-separated), checked and deduplicated in order. */
export function parseRegions(values: readonly string[], flag = '--regions'): string[] {
  const regions = [...new Set(values.flatMap((v) => v.split(',')).map((r) => r.trim()).filter((r) => r !== ''))];
  if (regions.length === 0) throw new UsageError(`${flag}: name at least one region code, like us-east-1`);
  const bad = regions.find((r) => !REGION_PATTERN.test(r));
  if (bad !== undefined) throw new UsageError(`${flag} ${bad}: not a region code (like us-east-1, eu-west-2, us-gov-west-1)`);
  return regions;
}

const plural = (n: number, one: string, many = `${one}s`): string => `${n.toLocaleString('en-US')} ${n === 1 ? one : many}`;

function displayPath(path: string, cwd: string): string {
  const rel = relative(cwd, path);
  return rel !== '' && !rel.startsWith('..') ? rel : path;
}

function uniqueNames(sets: PriceListSet[]): PriceListSet[] {
  const taken = new Set<string>();
  return sets.map((set) => {
    let name = set.name;
    for (let i = 2; taken.has(name); i++) name = `${set.name}-${i}`;
    taken.add(name);
    return name === set.name ? set : { ...set, name };
  });
}

/** Lines saying which usage types were kept from the base list, grouped so 34 regions make one line. */
function describeKept(kept: readonly KeptPrice[], baseLabel: string): string[] {
  const groups = new Map<string, { sample: KeptPrice; regions: string[] }>();
  for (const k of kept) {
    const key = `${k.usageType}|${k.status}|${k.since}`;
    const group = groups.get(key);
    if (group) group.regions.push(k.region);
    else groups.set(key, { sample: k, regions: [k.region] });
  }
  return [...groups.values()].map(({ sample, regions }) => {
    const where = regions.length <= 3 ? regions.join(', ') : `${regions.slice(0, 3).join(', ')} and ${regions.length - 3} more`;
    return `warning: ${sample.usageType}: the Price List API returned no price for ${where}; kept the price of ${baseLabel} (status ${sample.status}, since ${sample.since})`;
  });
}

/** What the refresh changed from the base price list (tiers, effective dates, statuses, new regions), grouped across regions. */
function describeChanges(file: PriceListFile, base: PriceListFile, regions: readonly string[]): string[] {
  const find = (list: PriceListFile, region: string) => list.priceSets.find((s) => s.regions.includes(region));
  const groups = new Map<string, string[]>();
  const add = (change: string, region: string) => groups.set(change, [...(groups.get(change) ?? []), region]);
  for (const region of regions) {
    const before = find(base, region);
    const after = find(file, region)!;
    if (before === undefined) {
      add('new region (the base price list does not price it)', region);
      continue;
    }
    for (const u of after.usageTypes) {
      const old = before.usageTypes.find((b) => b.usageType === u.usageType);
      if (old === undefined) {
        add(`${u.usageType}: new, ${describeTiers(u.tiers)}`, region);
        continue;
      }
      const parts = [
        JSON.stringify(old.tiers) !== JSON.stringify(u.tiers) ? `${describeTiers(old.tiers)} -> ${describeTiers(u.tiers)}` : undefined,
        old.since !== u.since ? `since ${old.since} -> ${u.since}` : undefined,
        old.status !== u.status ? `${old.status} -> ${u.status}` : undefined,
      ].filter((p): p is string => p !== undefined);
      if (parts.length > 0) add(`${u.usageType}: ${parts.join(', ')}`, region);
    }
  }
  return [...groups.entries()].map(([change, where]) => {
    const list = where.length <= 3 ? where.join(', ') : `${where.slice(0, 3).join(', ')} and ${where.length - 3} more`;
    return `${change} (${list})`;
  });
}

/** `config-cost pricing update`: fetch, parse, merge with the base list's other regions, validate, write atomically. */
export async function runPricingUpdate(options: PricingUpdateOptions, io: CommandIO): Promise<PricingUpdateResult> {
  const cwd = options.cwd ?? process.cwd();
  const regions = parseRegions(options.regions);
  if (!DAY.test(options.checkedDate) || Number.isNaN(Date.parse(`${options.checkedDate}T00:00:00Z`))) {
    throw new UsageError(`the checked date takes YYYY-MM-DD, not '${options.checkedDate}'`);
  }
  if (options.out === undefined || options.out.trim() === '') throw new UsageError('--out: name the price list file to write');
  const out = resolve(cwd, options.out);
  checkPriceListOut(out);

  const basePath = options.base === undefined ? DATA_FILES.pricing : resolve(cwd, options.base);
  const baseLabel = options.base === undefined ? 'the bundled price list' : displayPath(basePath, cwd);
  const base = readPriceListFile(basePath);

  const entries = await fetchConfigProducts(options.client, regions, { profile: options.profile });
  const parsed = parsePriceList(entries, regions, { fallback: { label: baseLabel, priceSets: base.priceSets }, asOf: options.checkedDate });

  const asked = new Set(regions);
  const keptSets = base.priceSets
    .map((set) => ({ ...set, regions: set.regions.filter((r) => !asked.has(r)) }))
    .filter((set) => set.regions.length > 0);
  const keptRegions = keptSets.flatMap((s) => s.regions);
  const file: PriceListFile = {
    description: base.description,
    currency: 'USD',
    checked: options.checkedDate,
    priceSets: uniqueNames([...parsed.priceSets, ...keptSets]),
  };
  await writePriceListAtomic(out, file);

  for (const line of describeKept(parsed.kept, baseLabel)) io.stderr(`${line}\n`);
  const changes = describeChanges(file, base, regions);
  const lines = [
    `Wrote ${displayPath(out, cwd)} (checked ${options.checkedDate})`,
    `  from the AWS Price List API: ${plural(regions.length, 'region')} in ${plural(parsed.priceSets.length, 'price set')} (${parsed.priceSets
      .map((s) => `${s.name}: ${plural(s.regions.length, 'region')}`)
      .join(', ')})`,
    `  kept from ${baseLabel}, not asked: ${keptRegions.length === 0 ? 'no regions' : plural(keptRegions.length, 'region')}`,
    `  changes from ${baseLabel}: ${changes.length === 0 ? 'none' : changes.length.toLocaleString('en-US')}`,
    ...changes.slice(0, 10).map((c) => `    ${c}`),
    ...(changes.length > 10 ? [`    and ${changes.length - 10} more ('config-cost pricing show --price-list ${displayPath(out, cwd)}' lists them all)`] : []),
  ];
  if (parsed.ignoredUsageTypes.length > 0) lines.push(`  not priced by config-cost (ignored): ${parsed.ignoredUsageTypes.join(', ')}`);
  io.stdout(`${lines.join('\n')}\n`);
  return { out, file, kept: parsed.kept, keptRegions };
}

export interface PricingShowOptions {
  /** A price list file (default: the bundled pricing/aws-config.json). */
  priceList?: string | undefined;
  /** Show only the price set of this region. */
  region?: string | undefined;
  format: 'table' | 'json';
  cwd?: string | undefined;
}

/** `config-cost pricing show`: per usage type the unit, tiers, since, status and source. */
export async function runPricingShow(options: PricingShowOptions, io: CommandIO): Promise<ShowModel> {
  const cwd = options.cwd ?? process.cwd();
  const path = options.priceList === undefined ? DATA_FILES.pricing : resolve(cwd, options.priceList);
  const label = options.priceList === undefined ? 'bundled pricing/aws-config.json' : displayPath(path, cwd);
  const file = readPriceListFile(path);
  let priceSets = file.priceSets;
  let region: string | null = null;
  if (options.region !== undefined) {
    region = options.region.trim();
    if (!REGION_PATTERN.test(region)) throw new UsageError(`--region ${options.region}: not a region code (like us-east-1)`);
    const set = file.priceSets.find((s) => s.regions.includes(region!));
    if (set === undefined) {
      throw new InputError(
        `no AWS Config prices for region '${region}' in ${label} (GovCloud, China and unknown regions are priced only after 'config-cost pricing update --regions ${region}' fetches them)`,
      );
    }
    priceSets = [set];
  }
  const model: ShowModel = { priceList: label, checked: file.checked, currency: file.currency, region, priceSets };
  io.stdout(options.format === 'json' ? `${JSON.stringify(model, null, 2)}\n` : renderPriceTable(model));
  return model;
}
