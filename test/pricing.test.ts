import { describe, expect, it } from 'vitest';
import { PriceBook, priceTiered, priceUsage, UnpricedRegionError } from '../src/core/pricing.js';
import { loadPriceBook } from '../src/data/load.js';

// Anchor figures from DOMAIN.md §1: infracost goldens and an AWS Pricing Calculator estimate.
describe('AWS Config prices (pricing/aws-config.json)', () => {
  const book = loadPriceBook();
  const tiers = (usageType: string, region = 'us-east-2') => book.price(region, usageType).tiers;

  it('prices 1,000,000 rule evaluations in a month at $670.00 (100K x $0.001 + 400K x $0.0008 + 500K x $0.0005)', () => {
    expect(priceTiered(1_000_000, tiers('ConfigRuleEvaluations'))).toBeCloseTo(670, 9);
  });

  it('prices 1,000 CIs and 2,000 custom CIs at $9.00', () => {
    const cost = priceTiered(1000, tiers('ConfigurationItemRecorded')) + priceTiered(2000, tiers('CustomConfigItemRecorded'));
    expect(cost).toBeCloseTo(9, 9);
  });

  it('prices 100 each of continuous CIs, daily CIs, rule evaluations and conformance pack evaluations at $1.70', () => {
    const cost = ['ConfigurationItemRecorded', 'ConfigurationItemRecordedDaily', 'ConfigRuleEvaluations', 'ConformancePackEvaluations']
      .map((u) => priceTiered(100, tiers(u)))
      .reduce((a, b) => a + b, 0);
    expect(cost).toBeCloseTo(1.7, 9);
  });

  it('applies graduated tiers at their edges', () => {
    const t = tiers('ConfigRuleEvaluations');
    expect(priceTiered(0, t)).toBe(0);
    expect(priceTiered(100_000, t)).toBeCloseTo(100, 9);
    expect(priceTiered(100_001, t)).toBeCloseTo(100.0008, 9);
    expect(priceTiered(500_000, t)).toBeCloseTo(420, 9);
    expect(priceTiered(500_001, t)).toBeCloseTo(420.0005, 9);
  });

  it('stops on a region it does not price, naming it', () => {
    expect(() => book.price('us-gov-west-1', 'ConfigurationItemRecorded')).toThrow(UnpricedRegionError);
    expect(() => book.price('cn-north-1', 'ConfigurationItemRecorded')).toThrow(/cn-north-1/);
  });

  it('pools evaluation tiers per region across accounts, or per account and region', () => {
    const lines = [
      { account: 'A', region: 'us-east-1', usageType: 'ConfigRuleEvaluations', label: 'r1', quantity: 100_000 },
      { account: 'B', region: 'us-east-1', usageType: 'ConfigRuleEvaluations', label: 'r1', quantity: 100_000 },
      { account: 'B', region: 'eu-west-1', usageType: 'ConfigRuleEvaluations', label: 'r1', quantity: 100_000 },
    ];
    const total = (scope: 'region' | 'account') => priceUsage(lines, book, scope).reduce((s, l) => s + l.costUSD, 0);
    // region: us-east-1 pools 200K = $100 + 100K x $0.0008 = $180; eu-west-1 100K = $100
    expect(total('region')).toBeCloseTo(280, 9);
    // account: three pools of 100K at $0.001
    expect(total('account')).toBeCloseTo(300, 9);
    // shares of a pool are proportional to quantity
    const shares = priceUsage(lines, book, 'region').filter((l) => l.region === 'us-east-1').map((l) => l.costUSD);
    expect(shares[0]).toBeCloseTo(90, 9);
    expect(shares[1]).toBeCloseTo(90, 9);
  });

  it('has one price list for every commercial region it names', () => {
    const custom = new PriceBook([{ name: 'x', source: 's', regions: ['us-east-1'], usageTypes: [] }]);
    expect(custom.isPriced('us-east-1')).toBe(true);
    expect(book.isPriced('eu-central-1')).toBe(true);
    expect(book.isPriced('us-gov-east-1')).toBe(false);
  });
});
