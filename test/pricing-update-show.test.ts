import { mkdtempSync, writeFileSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runPricingShow } from '../src/commands/pricing/index.js';
import { describeTiers, formatPrice } from '../src/commands/pricing/render.js';
import { DATA_FILES } from '../src/data/load.js';

const collect = () => {
  const io = { out: '', err: '', stdout: (s: string) => void (io.out += s), stderr: (s: string) => void (io.err += s) };
  return io;
};

describe('config-cost pricing show', () => {
  it('prints per usage type the unit, tiers, since, status and source of the bundled list', async () => {
    const io = collect();
    await runPricingShow({ format: 'table' }, io);
    expect(io.out).toMatch(/^AWS Config prices config-cost charges \(bundled pricing\/aws-config.json, checked \d{4}-\d{2}-\d{2}; USD/);
    expect(io.out).toMatch(/Price set aws-commercial: 34 regions/);
    expect(io.out).toMatch(/usage type\s+unit\s+tiers\s+since\s+status\s+source/);
    expect(io.out).toMatch(/ConfigRuleEvaluations\s+rule evaluations\s+\$0\.001 up to 100,000; \$0\.0008 to 500,000; \$0\.0005 above 500,000\s+2019-08-01\s+verified\s+https:\/\/aws.amazon.com/);
    expect(io.out).toMatch(/ProactiveConfigRuleEvaluations\s+proactive rule evaluations\s+.*\s+2022-11-28\s+assumed/);
    expect(io.out).toMatch(/ConfigurationItemRecordedDaily\s+configuration items\s+\$0\.012 each\s+2023-11-26/);
  });

  it('shows one region, as JSON', async () => {
    const io = collect();
    const model = await runPricingShow({ region: 'eu-west-1', format: 'json' }, io);
    const json = JSON.parse(io.out);
    expect(json).toEqual(JSON.parse(JSON.stringify(model)));
    expect(json.region).toBe('eu-west-1');
    expect(json.priceSets).toHaveLength(1);
    expect(json.priceSets[0].usageTypes.find((u: { usageType: string }) => u.usageType === 'ConfigurationItemRecorded')).toMatchObject({
      unit: 'configuration items',
      tiers: [{ upTo: null, usd: 0.003 }],
      since: '2019-08-01',
      status: 'verified',
    });
  });

  it('reads --price-list FILE, and names what is wrong with it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'config-cost-show-'));
    const file = join(dir, 'prices.json');
    const data = JSON.parse(readFileSync(DATA_FILES.pricing, 'utf8'));
    data.checked = '2027-01-01';
    writeFileSync(file, JSON.stringify(data));
    const io = collect();
    await runPricingShow({ priceList: 'prices.json', cwd: dir, format: 'table' }, io);
    expect(io.out).toMatch(/\(prices.json, checked 2027-01-01;/);

    data.priceSets[0].usageTypes[0].tiers = [{ upTo: 10, usd: 0.003 }];
    writeFileSync(file, JSON.stringify(data));
    await expect(runPricingShow({ priceList: file, format: 'table' }, collect())).rejects.toThrow(/prices.json: .*upper bound/);
    await expect(runPricingShow({ priceList: join(dir, 'missing.json'), format: 'table' }, collect())).rejects.toThrow(/missing.json: ENOENT/);
  });

  it('names a region the list does not price, and a bad region code', async () => {
    await expect(runPricingShow({ region: 'us-gov-west-1', format: 'table' }, collect())).rejects.toThrow(
      /no AWS Config prices for region 'us-gov-west-1' in bundled pricing\/aws-config.json/,
    );
    await expect(runPricingShow({ region: 'Virginia', format: 'table' }, collect())).rejects.toThrow(/--region Virginia: not a region code/);
  });

  it('formats prices without float noise', () => {
    expect(formatPrice(0.0008)).toBe('$0.0008');
    expect(formatPrice(0.003)).toBe('$0.003');
    expect(formatPrice(1e-7)).toBe('$0.0000001');
    expect(describeTiers([{ upTo: null, usd: 0.012 }])).toBe('$0.012 each');
  });
});
