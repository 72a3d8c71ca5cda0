/** The `pricing show` table: per price set, per usage type the unit, tiers, since, status and source. */
import type { PriceTier } from '../../core/pricing.js';
import type { PriceListSet } from '../../sources/price-list/types.js';

/** Dollars without float noise or exponents: 0.0008 -> "$0.0008", 0.003 -> "$0.003". */
export function formatPrice(usd: number): string {
  const text = usd.toFixed(10).replace(/0+$/, '').replace(/\.$/, '');
  return `$${text}`;
}

const count = (n: number): string => n.toLocaleString('en-US');

/** Graduated tiers in words: "$0.001 up to 100,000; $0.0008 to 500,000; $0.0005 above 500,000". */
export function describeTiers(tiers: readonly PriceTier[]): string {
  if (tiers.length === 1) return `${formatPrice(tiers[0]!.usd)} each`;
  return tiers
    .map((tier, i) => {
      const previous = i === 0 ? 0 : tiers[i - 1]!.upTo!;
      if (tier.upTo === null) return `${formatPrice(tier.usd)} above ${count(previous)}`;
      return i === 0 ? `${formatPrice(tier.usd)} up to ${count(tier.upTo)}` : `${formatPrice(tier.usd)} to ${count(tier.upTo)}`;
    })
    .join('; ');
}

function table(header: string[], rows: string[][], indent = '  '): string {
  const widths = header.map((h, c) => Math.max(h.length, ...rows.map((r) => r[c]!.length)));
  const line = (cells: string[]) => `${indent}${cells.map((cell, c) => (c === cells.length - 1 ? cell : cell.padEnd(widths[c]!))).join('   ')}`.trimEnd();
  return [line(header), ...rows.map(line)].join('\n');
}

function wrapRegions(regions: readonly string[], indent = '  ', width = 108): string {
  const lines: string[] = [];
  let current = '';
  for (const region of regions) {
    const next = current === '' ? region : `${current}, ${region}`;
    if (indent.length + next.length > width && current !== '') {
      lines.push(`${indent}${current},`);
      current = region;
    } else current = next;
  }
  if (current !== '') lines.push(`${indent}${current}`);
  return lines.join('\n');
}

export interface ShowModel {
  priceList: string;
  checked: string;
  currency: 'USD';
  region: string | null;
  priceSets: PriceListSet[];
}

export function renderPriceTable(model: ShowModel): string {
  const scope = model.region === null ? '' : ` in ${model.region}`;
  const out = [`AWS Config prices config-cost charges${scope} (${model.priceList}, checked ${model.checked}; ${model.currency}, graduated monthly tiers)`];
  for (const set of model.priceSets) {
    out.push('');
    out.push(`Price set ${set.name}: ${set.regions.length} region${set.regions.length === 1 ? '' : 's'}${model.region === null ? '' : ` (${model.region} among them)`}`);
    if (model.region === null) out.push(wrapRegions(set.regions));
    out.push(
      table(
        ['usage type', 'unit', 'tiers', 'since', 'status', 'source'],
        set.usageTypes.map((u) => [u.usageType, u.unit, describeTiers(u.tiers), u.since, u.status, u.source]),
      ),
    );
  }
  return `${out.join('\n')}\n`;
}
