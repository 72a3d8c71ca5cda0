/**
 * Pure parsing of Price List API GetProducts entries (service code AWSConfig) into config-cost's price sets.
 *
 * An entry (one element of `PriceList`, a JSON string on the wire) looks like
 *   { product: { productFamily, attributes: { regionCode, usagetype, ... }, sku },
 *     serviceCode: 'AWSConfig',
 *     terms: { OnDemand: { '<sku>.<offerTermCode>': { effectiveDate, priceDimensions: {
 *       '<rateCode>': { beginRange: '0', endRange: '100000' | 'Inf', unit, pricePerUnit: { USD: '0.0010000000' } } } } } } }
 * Tiers are the price dimensions of one term, ordered by beginRange; config-cost's graduated tiers are
 * `{ upTo: endRange, usd }` with `upTo: null` for 'Inf'.
 */
import { z } from 'zod';
import type { PriceTier } from '../../core/pricing.js';
import { InputError } from '../../errors.js';
import type { PriceListSet, PriceListUsageType, PriceStatus } from './types.js';
import { CONFIG_USAGE_TYPES, matchUsageType } from './usage-types.js';

export const SERVICE_CODE = 'AWSConfig';
export const REGION_PATTERN = /^[a-z]{2}(-[a-z]+)+-\d+$/;

const dimensionSchema = z.object({
  beginRange: z.string().optional(),
  endRange: z.string().optional(),
  unit: z.string().optional(),
  description: z.string().optional(),
  pricePerUnit: z.record(z.string(), z.string()),
});
const termSchema = z.object({
  effectiveDate: z.string().optional(),
  offerTermCode: z.string().optional(),
  priceDimensions: z.record(z.string(), dimensionSchema),
});
const productSchema = z.object({
  product: z.object({
    sku: z.string().optional(),
    productFamily: z.string().optional(),
    attributes: z.record(z.string(), z.unknown()),
  }),
  serviceCode: z.string().optional(),
  terms: z.object({ OnDemand: z.record(z.string(), termSchema).optional() }).loose().optional(),
});
type Product = z.infer<typeof productSchema>;
type Term = z.infer<typeof termSchema>;

/** One price the API gave for a region and usage type. */
export interface ApiPrice {
  region: string;
  usageType: string;
  /** The Price List `usagetype` attribute, region prefix included (USE1-ConfigRuleEvaluations). */
  priceListUsageType: string;
  sku: string;
  tiers: PriceTier[];
  since: string;
}

/** A usage type the API did not return for a region, kept from the fallback price list. */
export interface KeptPrice {
  region: string;
  usageType: string;
  status: string;
  since: string;
  source: string;
}

/** Prices to fall back on for usage types the API does not return (the bundled price list). */
export interface FallbackPrices {
  /** How messages name it: 'the bundled price list', or a path. */
  label: string;
  priceSets: readonly {
    regions: readonly string[];
    usageTypes: readonly { usageType: string; description: string; unit: string; tiers: readonly PriceTier[]; since: string; status: string; source: string }[];
  }[];
}

export interface ParseOptions {
  /** Usage types the API does not return for a region are kept from here when it prices them; else an error. */
  fallback?: FallbackPrices;
  /** YYYY-MM-DD: of several OnDemand terms, take the latest effective on or before this date (default: the latest). */
  asOf?: string;
}

export interface ParsedPriceList {
  priceSets: PriceListSet[];
  /** Every price taken from the API, per region and usage type, in the order asked. */
  prices: ApiPrice[];
  kept: KeptPrice[];
  /** Price List usage types of the asked regions that config-cost does not price (sorted, distinct). */
  ignoredUsageTypes: string[];
}

const json = (value: unknown): string => JSON.stringify(value);

function describeEntry(index: number, product?: Product): string {
  const attributes = product?.product.attributes ?? {};
  const parts = [attributes.regionCode, attributes.usagetype, product?.product.sku && `SKU ${product.product.sku}`].filter(
    (p): p is string => typeof p === 'string' && p !== '',
  );
  return parts.length > 0 ? `Price List entry ${index} (${parts.join(' ')})` : `Price List entry ${index}`;
}

function parseEntry(entry: unknown, index: number): Product {
  let value = entry;
  if (typeof entry === 'string') {
    try {
      value = JSON.parse(entry);
    } catch (error) {
      throw new InputError(`Price List entry ${index}: not JSON (${(error as Error).message.split('\n')[0]})`);
    }
  }
  const result = productSchema.safeParse(value);
  if (!result.success) {
    const issue = result.error.issues[0]!;
    throw new InputError(`Price List entry ${index}: not a GetProducts product (${issue.path.join('.') || 'entry'}: ${issue.message})`);
  }
  return result.data;
}

/** YYYY-MM-DD of a term's effectiveDate ('2019-08-01T00:00:00Z'). */
function effectiveDay(term: Term, what: string): string {
  const day = term.effectiveDate?.slice(0, 10);
  if (day === undefined || !/^\d{4}-\d{2}-\d{2}$/.test(day) || Number.isNaN(Date.parse(`${day}T00:00:00Z`))) {
    throw new InputError(`${what}: the OnDemand term has no usable effectiveDate (${json(term.effectiveDate ?? null)})`);
  }
  return day;
}

/** The term in force: the latest effective on or before `asOf` (or the latest, or the earliest when all are later). */
function chooseTerm(terms: Term[], what: string, asOf?: string): { term: Term; since: string } {
  const dated = terms.map((term) => ({ term, since: effectiveDay(term, what) })).sort((a, b) => a.since.localeCompare(b.since));
  const inForce = asOf === undefined ? dated : dated.filter((d) => d.since <= asOf);
  return inForce.at(-1) ?? dated[0]!;
}

const rangeNumber = (text: string | undefined, fallback: number): number => {
  if (text === undefined) return fallback;
  if (text === 'Inf') return Number.POSITIVE_INFINITY;
  const n = Number(text);
  return text.trim() === '' ? Number.NaN : n;
};

/** Price dimensions with beginRange/endRange ('Inf') as graduated tiers, checked to be contiguous from 0. */
export function tiersFromDimensions(dimensions: Term['priceDimensions'], what: string): PriceTier[] {
  const rows = Object.values(dimensions).map((d) => {
    const currencies = Object.keys(d.pricePerUnit);
    const usdText = d.pricePerUnit.USD;
    if (usdText === undefined) {
      throw new InputError(`${what}: priced in ${currencies.join(', ') || 'no currency'}, not USD; the price list holds US dollars only`);
    }
    const usd = Number(usdText);
    if (usdText.trim() === '' || !Number.isFinite(usd) || usd < 0) throw new InputError(`${what}: price ${json(usdText)} is not a number of dollars`);
    const begin = rangeNumber(d.beginRange, 0);
    const end = rangeNumber(d.endRange, Number.POSITIVE_INFINITY);
    if (!Number.isFinite(begin) || begin < 0 || Number.isNaN(end) || end <= begin) {
      throw new InputError(`${what}: bad tier range ${json(d.beginRange ?? null)} to ${json(d.endRange ?? null)}`);
    }
    return { begin, end, usd };
  });
  if (rows.length === 0) throw new InputError(`${what}: the OnDemand term has no price dimensions`);
  rows.sort((a, b) => a.begin - b.begin);
  let floor = 0;
  for (const row of rows) {
    if (row.begin !== floor) {
      throw new InputError(`${what}: the tiers are not contiguous from 0 (a tier begins at ${row.begin.toLocaleString('en-US')}, expected ${floor.toLocaleString('en-US')})`);
    }
    floor = row.end;
  }
  if (floor !== Number.POSITIVE_INFINITY) throw new InputError(`${what}: the last tier ends at ${floor.toLocaleString('en-US')}, not 'Inf'`);
  return rows.map((r) => ({ upTo: r.end === Number.POSITIVE_INFINITY ? null : r.end, usd: r.usd }));
}

const sameTiers = (a: readonly PriceTier[], b: readonly PriceTier[]): boolean =>
  a.length === b.length && a.every((t, i) => t.upTo === b[i]!.upTo && t.usd === b[i]!.usd);

const listMore = (items: string[], limit = 3): string =>
  items.length <= limit ? items.join('; ') : `${items.slice(0, limit).join('; ')}; and ${items.length - limit} more`;

function partition(region: string): string {
  if (region.startsWith('us-gov-')) return 'aws-us-gov';
  if (region.startsWith('cn-')) return 'aws-cn';
  if (region.startsWith('us-iso')) return 'aws-iso';
  if (region.startsWith('eusc-')) return 'aws-eusc';
  return 'aws-commercial';
}

/**
 * Parses GetProducts entries for the asked regions into price sets: one per group of regions whose six
 * usage types have the same tiers, effective dates and statuses. Throws an InputError (one line) for a
 * region with no AWS Config prices, for a usage type neither the API nor the fallback prices, for SKUs
 * that price one usage type differently, and for entries that cannot be read.
 */
export function parsePriceList(entries: readonly unknown[], regions: readonly string[], options: ParseOptions = {}): ParsedPriceList {
  const asked = [...new Set(regions)];
  const askedSet = new Set(asked);
  const found = new Map<string, Map<string, ApiPrice[]>>(asked.map((r) => [r, new Map()]));
  const seenRegions = new Set<string>();
  const ignored = new Set<string>();

  entries.forEach((entry, index) => {
    const product = parseEntry(entry, index);
    const attributes = product.product.attributes;
    const service = product.serviceCode ?? attributes.servicecode;
    if (service !== undefined && service !== SERVICE_CODE) return;
    const region = attributes.regionCode;
    if (typeof region !== 'string' || !askedSet.has(region)) return;
    seenRegions.add(region);
    const priceListUsageType = typeof attributes.usagetype === 'string' ? attributes.usagetype : '';
    const usageType = matchUsageType(priceListUsageType);
    if (usageType === undefined) {
      ignored.add(priceListUsageType || '(no usagetype)');
      return;
    }
    const what = describeEntry(index, product);
    const sku = product.product.sku ?? Object.keys(product.terms?.OnDemand ?? {})[0]?.split('.')[0];
    if (sku === undefined || sku === '') throw new InputError(`${what}: no SKU`);
    const terms = Object.values(product.terms?.OnDemand ?? {});
    if (terms.length === 0) throw new InputError(`${what}: no OnDemand price term`);
    const { term, since } = chooseTerm(terms, what, options.asOf);
    const tiers = tiersFromDimensions(term.priceDimensions, what);
    const byUsage = found.get(region)!;
    const list = byUsage.get(usageType) ?? [];
    list.push({ region, usageType, priceListUsageType, sku, tiers, since });
    byUsage.set(usageType, list);
  });

  const noPrices = asked.filter((r) => !seenRegions.has(r));
  if (noPrices.length > 0) {
    throw new InputError(
      `the Price List API has no AWS Config prices for ${noPrices.join(', ')} (check the region code; AWS Config may not be offered there, and China prices are not in this API)`,
    );
  }

  const prices: ApiPrice[] = [];
  const kept: KeptPrice[] = [];
  const missing: string[] = [];
  const ambiguous: string[] = [];
  const usageTypesByRegion = new Map<string, PriceListUsageType[]>();

  for (const region of asked) {
    const fallbackSet = options.fallback?.priceSets.find((s) => s.regions.includes(region));
    const usageTypes: PriceListUsageType[] = [];
    for (const known of CONFIG_USAGE_TYPES) {
      const fallbackPrice = fallbackSet?.usageTypes.find((u) => u.usageType === known.usageType);
      const candidates = [...(found.get(region)!.get(known.usageType) ?? [])].sort((a, b) => a.sku.localeCompare(b.sku));
      const first = candidates[0];
      if (first === undefined) {
        if (fallbackPrice === undefined) {
          missing.push(`${region} ${known.usageType}`);
          continue;
        }
        kept.push({ region, usageType: known.usageType, status: fallbackPrice.status, since: fallbackPrice.since, source: fallbackPrice.source });
        usageTypes.push({
          usageType: known.usageType,
          description: fallbackPrice.description,
          unit: fallbackPrice.unit,
          tiers: fallbackPrice.tiers.map((t) => ({ ...t })),
          since: fallbackPrice.since,
          status: fallbackPrice.status as PriceStatus,
          source: fallbackPrice.source,
        });
        continue;
      }
      const differing = candidates.find((c) => !sameTiers(c.tiers, first.tiers));
      if (differing !== undefined) {
        ambiguous.push(`${region} ${known.usageType} (SKU ${first.sku} and SKU ${differing.sku})`);
        continue;
      }
      prices.push(first);
      usageTypes.push({
        usageType: known.usageType,
        description: fallbackPrice?.description ?? known.description,
        unit: fallbackPrice?.unit ?? known.unit,
        tiers: first.tiers,
        since: first.since,
        status: 'verified',
        source: `AWS Price List API GetProducts ${SERVICE_CODE} ${region} ${first.sku}`,
      });
    }
    usageTypesByRegion.set(region, usageTypes);
  }

  if (ambiguous.length > 0) {
    throw new InputError(`the Price List API gives different prices for one usage type in one region: ${listMore(ambiguous)}`);
  }
  if (missing.length > 0) {
    const fallback = options.fallback?.label ?? 'no fallback price list';
    throw new InputError(
      `the Price List API returned no price for ${listMore(missing)}, and ${options.fallback ? `${fallback} has none to keep` : 'there is no fallback price list'}; prices are never invented`,
    );
  }

  return { priceSets: groupIntoSets(asked, usageTypesByRegion), prices, kept, ignoredUsageTypes: [...ignored].sort() };
}

/** Regions whose usage types are identical (tiers, dates, status, and the source of kept prices) share a set. */
function groupIntoSets(regions: readonly string[], usageTypesByRegion: ReadonlyMap<string, PriceListUsageType[]>): PriceListSet[] {
  const groups = new Map<string, { regions: string[]; usageTypes: PriceListUsageType[] }>();
  for (const region of regions) {
    const usageTypes = usageTypesByRegion.get(region)!;
    const key = json(usageTypes.map((u) => [u.usageType, u.unit, u.tiers, u.since, u.status, u.status === 'verified' ? '' : u.source]));
    const group = groups.get(key);
    if (group) group.regions.push(region);
    else groups.set(key, { regions: [region], usageTypes });
  }
  const perPartition = new Map<string, number>();
  return [...groups.values()].map(({ regions: setRegions, usageTypes }) => {
    const first = setRegions[0]!;
    const label = partition(first);
    const count = (perPartition.get(label) ?? 0) + 1;
    perPartition.set(label, count);
    const shared =
      setRegions.length === 1
        ? `AWS Config prices of ${first} from the AWS Price List API.`
        : `${setRegions.length} regions whose AWS Config prices and effective dates are identical in the AWS Price List API; each usage type's source names the SKU of ${first}, the other regions have their own SKUs at the same price.`;
    return {
      name: count === 1 ? `${label}-api` : `${label}-api-${count}`,
      description: shared,
      source: `AWS Price List API GetProducts ${SERVICE_CODE} (regionCode ${setRegions.join(', ')})`,
      regions: setRegions,
      usageTypes,
    };
  });
}

/** The price sets of `parsePriceList`, for callers that need nothing else. */
export function priceSetsFromProducts(entries: readonly unknown[], regions: readonly string[], options: ParseOptions = {}): PriceListSet[] {
  return parsePriceList(entries, regions, options).priceSets;
}
