/** The price list file format (pricing/aws-config.json), as written by `pricing update`. */
import type { PriceTier } from '../../core/pricing.js';

export type PriceStatus = 'verified' | 'third-party' | 'assumed';

export interface PriceListUsageType {
  usageType: string;
  description: string;
  unit: string;
  tiers: PriceTier[];
  since: string;
  status: PriceStatus;
  source: string;
}

export interface PriceListSet {
  name: string;
  description: string;
  source: string;
  regions: string[];
  usageTypes: PriceListUsageType[];
}

export interface PriceListFile {
  description: string;
  currency: 'USD';
  checked: string;
  priceSets: PriceListSet[];
}
