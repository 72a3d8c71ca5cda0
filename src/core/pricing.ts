export interface PriceTier {
  /** The last unit of the tier, inclusive; null: no upper bound. */
  upTo: number | null;
  usd: number;
}

export interface UsageTypePrice {
  usageType: string;
  description: string;
  unit: string;
  tiers: PriceTier[];
  since: string;
  status: string;
  source: string;
}

export interface PriceSet {
  name: string;
  source: string;
  regions: string[];
  usageTypes: UsageTypePrice[];
}

/** Thrown when a region with billable usage has no price in the price list. */
export class UnpricedRegionError extends Error {
  constructor(readonly region: string) {
    super(`no AWS Config prices for region '${region}': the price list covers the public commercial regions only (GovCloud, China and unknown regions are not priced)`);
  }
}

/** Prices a monthly quantity on graduated tiers: each unit at the price of the tier it falls in. */
export function priceTiered(quantity: number, tiers: readonly PriceTier[]): number {
  let cost = 0;
  let floor = 0;
  for (const tier of tiers) {
    const ceiling = tier.upTo ?? Number.POSITIVE_INFINITY;
    if (quantity <= floor) break;
    cost += (Math.min(quantity, ceiling) - floor) * tier.usd;
    floor = ceiling;
  }
  return cost;
}

export class PriceBook {
  private readonly byRegion = new Map<string, PriceSet>();

  constructor(readonly priceSets: readonly PriceSet[]) {
    for (const set of priceSets) for (const region of set.regions) this.byRegion.set(region, set);
  }

  isPriced(region: string): boolean {
    return this.byRegion.has(region);
  }

  price(region: string, usageType: string): UsageTypePrice {
    const set = this.byRegion.get(region);
    if (!set) throw new UnpricedRegionError(region);
    const price = set.usageTypes.find((u) => u.usageType === usageType);
    if (!price) throw new Error(`price set ${set.name} has no usage type ${usageType}`);
    return price;
  }
}

/** One line of monthly usage to price, with the label it is reported under (a resource type, a rule). */
export interface UsageLine {
  account: string;
  region: string;
  usageType: string;
  label: string;
  quantity: number;
}

export type TierScope = 'region' | 'account';

export interface PricedLine extends UsageLine {
  costUSD: number;
}

/**
 * Prices usage lines with tiers pooled per region across accounts (consolidated billing) or per
 * account and region, then shares each pool's cost among its lines in proportion to their quantity.
 */
export function priceUsage(lines: readonly UsageLine[], book: PriceBook, scope: TierScope): PricedLine[] {
  const pools = new Map<string, UsageLine[]>();
  for (const line of lines) {
    const key = scope === 'region' ? `${line.region}|${line.usageType}` : `${line.account}|${line.region}|${line.usageType}`;
    const pool = pools.get(key);
    if (pool) pool.push(line);
    else pools.set(key, [line]);
  }
  const priced: PricedLine[] = [];
  for (const pool of pools.values()) {
    const first = pool[0]!;
    const tiers = book.price(first.region, first.usageType).tiers;
    const quantity = pool.reduce((sum, l) => sum + l.quantity, 0);
    const cost = priceTiered(quantity, tiers);
    for (const line of pool) priced.push({ ...line, costUSD: quantity === 0 ? 0 : (cost * line.quantity) / quantity });
  }
  return priced;
}
