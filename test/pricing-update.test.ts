import { mkdtempSync, readFileSync, existsSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GetProductsCommand, PricingClient, type GetProductsCommandInput } from '@aws-sdk/client-pricing';
import { mockClient } from 'aws-sdk-client-mock';
import { describe, expect, it } from 'vitest';
import { runPricingUpdate } from '../src/commands/pricing/index.js';
import { priceTiered } from '../src/core/pricing.js';
import { DATA_FILES, loadPriceBook } from '../src/data/load.js';
import { fetchConfigProducts } from '../src/sources/price-list/fetch.js';
import { matchUsageType } from '../src/sources/price-list/usage-types.js';
import { parsePriceList, priceSetsFromProducts, tiersFromDimensions } from '../src/sources/price-list/parse.js';

const FIXTURES = new URL('./fixtures/price-list/', import.meta.url).pathname;
const products = JSON.parse(readFileSync(`${FIXTURES}products.json`, 'utf8')) as Record<string, Record<string, unknown>[]>;
const page = (n: number) => JSON.parse(readFileSync(`${FIXTURES}getproducts-us-east-1-page${n}.json`, 'utf8'));
const bundled = loadPriceBook();
const fallback = { label: 'the bundled price list', priceSets: bundled.priceSets };

const attributes = (e: Record<string, unknown>) => (e.product as { attributes: Record<string, string> }).attributes;
const entriesFor = (...regions: string[]) => regions.flatMap((r) => products[r]!);
const withoutUsage = (entries: Record<string, unknown>[], suffix: string) => entries.filter((e) => !attributes(e).usagetype!.endsWith(`-${suffix}`));
const clone = <T>(value: T): T => JSON.parse(JSON.stringify(value));

describe('usage types by suffix (irregular region prefixes)', () => {
  it.each([
    ['USE1-ConfigurationItemRecorded', 'ConfigurationItemRecorded'],
    ['EU-ConfigurationItemRecordedDaily', 'ConfigurationItemRecordedDaily'],
    ['APS2-CustomConfigItemRecorded', 'CustomConfigItemRecorded'],
    ['UGW1-ConfigRuleEvaluations', 'ConfigRuleEvaluations'],
    ['USE2-ConformancePackEvaluations', 'ConformancePackEvaluations'],
    ['CAN1-ProactiveConfigRuleEvaluations', 'ProactiveConfigRuleEvaluations'],
    ['ConfigRuleEvaluations', 'ConfigRuleEvaluations'],
  ])('%s is %s', (priceList, ours) => {
    expect(matchUsageType(priceList)).toBe(ours);
  });

  it('does not take ProactiveConfigRuleEvaluations for ConfigRuleEvaluations, nor unknown usage types', () => {
    expect(matchUsageType('USE1-ProactiveConfigRuleEvaluations')).toBe('ProactiveConfigRuleEvaluations');
    expect(matchUsageType('USE1-ConfigRules')).toBeUndefined();
    expect(matchUsageType('USE1-XConfigurationItemRecorded')).toBeUndefined();
  });
});

describe('parsing GetProducts entries', () => {
  it('turns tiered price dimensions (listed out of order) into graduated {upTo, usd} tiers', () => {
    const [set] = priceSetsFromProducts(entriesFor('us-east-1'), ['us-east-1']);
    const tiers = (u: string) => set!.usageTypes.find((x) => x.usageType === u)!.tiers;
    expect(tiers('ConfigRuleEvaluations')).toEqual([
      { upTo: 100000, usd: 0.001 },
      { upTo: 500000, usd: 0.0008 },
      { upTo: null, usd: 0.0005 },
    ]);
    expect(tiers('ConfigurationItemRecorded')).toEqual([{ upTo: null, usd: 0.003 }]);
    expect(tiers('ConfigurationItemRecordedDaily')).toEqual([{ upTo: null, usd: 0.012 }]);
  });

  it("keeps each price's effective date, the verified status and the SKU as source", () => {
    const [set] = priceSetsFromProducts(entriesFor('us-east-1'), ['us-east-1']);
    const daily = set!.usageTypes.find((u) => u.usageType === 'ConfigurationItemRecordedDaily')!;
    const sku = products['us-east-1']!.find((e) => attributes(e).usagetype === 'USE1-ConfigurationItemRecordedDaily')!.product as { sku: string };
    expect(daily.since).toBe('2023-11-26');
    expect(daily.status).toBe('verified');
    expect(daily.source).toBe(`AWS Price List API GetProducts AWSConfig us-east-1 ${sku.sku}`);
    expect(set!.usageTypes.map((u) => u.usageType)).toEqual([
      'ConfigurationItemRecorded',
      'ConfigurationItemRecordedDaily',
      'CustomConfigItemRecorded',
      'ConfigRuleEvaluations',
      'ConformancePackEvaluations',
      'ProactiveConfigRuleEvaluations',
    ]);
  });

  it('accepts PriceList entries still as JSON strings', () => {
    const strings = [...page(1).PriceList, ...page(2).PriceList] as string[];
    expect(priceSetsFromProducts(strings, ['us-east-1'])).toEqual(priceSetsFromProducts(entriesFor('us-east-1'), ['us-east-1']));
  });

  it('lets regions with identical prices and dates share a set, and gives GovCloud its own', () => {
    const sets = priceSetsFromProducts(entriesFor('us-east-1', 'ap-southeast-2', 'us-gov-west-1'), ['us-east-1', 'ap-southeast-2', 'us-gov-west-1']);
    expect(sets.map((s) => [s.name, s.regions])).toEqual([
      ['aws-commercial-api', ['us-east-1', 'ap-southeast-2']],
      ['aws-us-gov-api', ['us-gov-west-1']],
    ]);
    expect(sets[1]!.usageTypes[0]!.source).toMatch(/^AWS Price List API GetProducts AWSConfig us-gov-west-1 [A-Z0-9]{16}$/);
  });

  it('takes only the regions asked, and only AWSConfig products', () => {
    const other = clone(products['us-east-1']![0]!);
    other.serviceCode = 'AmazonEC2';
    attributes(other).servicecode = 'AmazonEC2';
    const sets = priceSetsFromProducts([...entriesFor('us-east-1', 'eu-west-1'), other], ['us-east-1']);
    expect(sets.flatMap((s) => s.regions)).toEqual(['us-east-1']);
  });

  it('lists usage types it does not price, and otherwise ignores them', () => {
    const legacy = clone(products['us-east-1']![0]!);
    attributes(legacy).usagetype = 'USE1-ConfigRules';
    const parsed = parsePriceList([...entriesFor('us-east-1'), legacy], ['us-east-1']);
    expect(parsed.ignoredUsageTypes).toEqual(['USE1-ConfigRules']);
    expect(parsed.priceSets[0]!.usageTypes).toHaveLength(6);
  });

  it('keeps a usage type the API does not return from the bundled list, with its old status, and says so', () => {
    const parsed = parsePriceList(entriesFor('eu-west-1'), ['eu-west-1'], { fallback });
    const proactive = parsed.priceSets[0]!.usageTypes.find((u) => u.usageType === 'ProactiveConfigRuleEvaluations')!;
    expect(proactive.status).toBe('assumed');
    expect(proactive.source).toMatch(/aws.amazon.com\/config\/pricing/);
    expect(parsed.kept).toEqual([expect.objectContaining({ region: 'eu-west-1', usageType: 'ProactiveConfigRuleEvaluations', status: 'assumed' })]);
  });

  it('stops, naming the region and usage type, when neither the API nor the bundled list has a price', () => {
    expect(() => parsePriceList(entriesFor('eu-west-1'), ['eu-west-1'])).toThrow(/no price for eu-west-1 ProactiveConfigRuleEvaluations/);
    const gov = withoutUsage(entriesFor('us-gov-west-1'), 'ProactiveConfigRuleEvaluations');
    expect(() => parsePriceList(gov, ['us-gov-west-1'], { fallback })).toThrow(
      /no price for us-gov-west-1 ProactiveConfigRuleEvaluations, and the bundled price list has none to keep; prices are never invented/,
    );
  });

  it('stops on a region with no AWS Config prices at all', () => {
    expect(() => parsePriceList(entriesFor('us-east-1'), ['us-east-1', 'xx-nowhere-1'], { fallback })).toThrow(
      /the Price List API has no AWS Config prices for xx-nowhere-1/,
    );
  });

  it('of several OnDemand terms takes the one in force on the checked date', () => {
    const entry = clone(products['us-east-1']!.find((e) => attributes(e).usagetype === 'USE1-ConfigurationItemRecorded')!);
    const onDemand = (entry.terms as { OnDemand: Record<string, Record<string, unknown>> }).OnDemand;
    const [key, term] = Object.entries(onDemand)[0]!;
    const later = clone(term);
    later.effectiveDate = '2027-01-01T00:00:00Z';
    for (const d of Object.values(later.priceDimensions as Record<string, { pricePerUnit: { USD: string } }>)) d.pricePerUnit.USD = '0.0040000000';
    onDemand[`${key}-2027`] = later;
    const rest = products['us-east-1']!.filter((e) => attributes(e).usagetype !== 'USE1-ConfigurationItemRecorded');
    const price = (asOf?: string) =>
      parsePriceList([entry, ...rest], ['us-east-1'], asOf === undefined ? {} : { asOf }).priceSets[0]!.usageTypes.find((u) => u.usageType === 'ConfigurationItemRecorded')!;
    expect(price('2026-12-04')).toMatchObject({ since: '2019-08-01', tiers: [{ upTo: null, usd: 0.003 }] });
    expect(price('2027-01-02')).toMatchObject({ since: '2027-01-01', tiers: [{ upTo: null, usd: 0.004 }] });
    expect(price()).toMatchObject({ since: '2027-01-01' });
  });

  it('rejects tiers with a gap, prices not in USD, and two SKUs with different prices for one usage type', () => {
    expect(() =>
      tiersFromDimensions(
        {
          a: { beginRange: '0', endRange: '100000', pricePerUnit: { USD: '0.001' } },
          b: { beginRange: '200000', endRange: 'Inf', pricePerUnit: { USD: '0.0005' } },
        },
        'x',
      ),
    ).toThrow(/not contiguous/);
    expect(() => tiersFromDimensions({ a: { beginRange: '0', endRange: '100000', pricePerUnit: { USD: '0.001' } } }, 'x')).toThrow(/not 'Inf'/);
    expect(() => tiersFromDimensions({ a: { beginRange: '0', endRange: 'Inf', pricePerUnit: { CNY: '0.02' } } }, 'cn-north-1 CI')).toThrow(
      /cn-north-1 CI: priced in CNY, not USD/,
    );
    const twin = clone(products['us-east-1']!.find((e) => attributes(e).usagetype === 'USE1-ConfigurationItemRecorded')!);
    (twin.product as { sku: string }).sku = 'ZZZZZZZZZZZZZZZZ';
    const term = Object.values((twin.terms as { OnDemand: Record<string, { priceDimensions: Record<string, { pricePerUnit: { USD: string } }> }> }).OnDemand)[0]!;
    Object.values(term.priceDimensions)[0]!.pricePerUnit.USD = '0.0050000000';
    expect(() => parsePriceList([...entriesFor('us-east-1'), twin], ['us-east-1'])).toThrow(/different prices for one usage type in one region: us-east-1 ConfigurationItemRecorded/);
  });

  it('names a malformed entry', () => {
    expect(() => parsePriceList(['{not json'], ['us-east-1'])).toThrow(/Price List entry 0: not JSON/);
    expect(() => parsePriceList([{ product: 3 }], ['us-east-1'])).toThrow(/Price List entry 0: not a GetProducts product/);
  });
});

/** A client whose GetProducts serves the fixtures, `pageSize` entries a page, per regionCode filter. */
function fixtureClient(pageSize = 4, only?: (entry: Record<string, unknown>) => boolean) {
  const client = new PricingClient({ region: 'us-east-1', credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'fixture' } });
  const mock = mockClient(client);
  mock.on(GetProductsCommand).callsFake((input: GetProductsCommandInput) => {
    expect(input.ServiceCode).toBe('AWSConfig');
    const region = input.Filters?.find((f) => f.Field === 'regionCode')?.Value ?? '';
    const all = (products[region] ?? []).filter((e) => only?.(e) ?? true).map((e) => JSON.stringify(e));
    const start = input.NextToken === undefined ? 0 : Number(input.NextToken.split(':')[1]);
    const end = start + pageSize;
    return { FormatVersion: 'aws_v1', PriceList: all.slice(start, end), NextToken: end < all.length ? `token:${end}` : undefined };
  });
  return { client, mock };
}

describe('fetching with GetProducts (aws-sdk-client-mock)', () => {
  it('filters on regionCode and follows NextToken until the last page', async () => {
    const { client, mock } = fixtureClient(4);
    const entries = await fetchConfigProducts(client, ['us-east-1', 'eu-west-1']);
    expect(entries).toHaveLength(products['us-east-1']!.length + products['eu-west-1']!.length);
    const calls = mock.commandCalls(GetProductsCommand).map((c) => c.args[0].input);
    expect(calls.map((c) => [c.Filters?.[0]?.Value, c.NextToken])).toEqual([
      ['us-east-1', undefined],
      ['us-east-1', 'token:4'],
      ['eu-west-1', undefined],
      ['eu-west-1', 'token:4'],
    ]);
    expect(calls[0]).toMatchObject({ ServiceCode: 'AWSConfig', FormatVersion: 'aws_v1', Filters: [{ Type: 'TERM_MATCH', Field: 'regionCode', Value: 'us-east-1' }] });
  });

  it('reads the raw GetProducts pages, PriceList JSON strings and all', async () => {
    const client = new PricingClient({ region: 'us-east-1', credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'fixture' } });
    const mock = mockClient(client);
    mock.on(GetProductsCommand).resolvesOnce(page(1)).resolvesOnce(page(2));
    const entries = await fetchConfigProducts(client, ['us-east-1']);
    expect(entries).toEqual(products['us-east-1']);
    expect(mock.commandCalls(GetProductsCommand)[1]!.args[0].input.NextToken).toBe(page(1).NextToken);
  });

  it('gives up on a NextToken that repeats', async () => {
    const client = new PricingClient({ region: 'us-east-1', credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'fixture' } });
    mockClient(client).on(GetProductsCommand).resolves({ PriceList: [], NextToken: 'same' });
    await expect(fetchConfigProducts(client, ['us-east-1'])).rejects.toThrow(/NextToken repeats/);
  });
});

describe('config-cost pricing update', () => {
  const collect = () => {
    const io = { out: '', err: '', stdout: (s: string) => void (io.out += s), stderr: (s: string) => void (io.err += s) };
    return io;
  };

  it('writes a price list that validates, prices the DOMAIN anchors, and keeps the regions not asked', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'config-cost-pricing-'));
    const out = join(dir, 'aws-config.json');
    const io = collect();
    const { client } = fixtureClient(3);
    await runPricingUpdate({ regions: ['us-east-1', 'ap-southeast-2', 'us-gov-west-1'], out, client, checkedDate: '2026-12-05' }, io);

    const book = loadPriceBook(out);
    const tiers = (u: string, r = 'us-east-1') => book.price(r, u).tiers;
    expect(priceTiered(1_000_000, tiers('ConfigRuleEvaluations'))).toBeCloseTo(670, 9);
    expect(priceTiered(1000, tiers('ConfigurationItemRecorded')) + priceTiered(2000, tiers('CustomConfigItemRecorded'))).toBeCloseTo(9, 9);
    expect(book.price('us-gov-west-1', 'ConfigurationItemRecorded').source).toMatch(/AWSConfig us-gov-west-1 /);
    expect(book.isPriced('eu-west-1')).toBe(true); // not asked: kept from the bundled list
    expect(book.price('eu-west-1', 'ConfigRuleEvaluations').source).toMatch(/aws.amazon.com\/config\/pricing/);

    const file = JSON.parse(readFileSync(out, 'utf8'));
    expect(file.checked).toBe('2026-12-05');
    expect(file.priceSets.map((s: { name: string }) => s.name)).toEqual(['aws-commercial-api', 'aws-us-gov-api', 'aws-commercial']);
    expect(readdirSync(dir)).toEqual(['aws-config.json']); // no temporary file left behind
    expect(io.out).toMatch(/^Wrote .*aws-config.json \(checked 2026-12-05\)/);
    expect(io.out).toMatch(/from the AWS Price List API: 3 regions in 2 price sets/);
    expect(io.out).toMatch(/new region \(the base price list does not price it\) \(us-gov-west-1\)/);
    expect(io.out).toMatch(/ConformancePackEvaluations: since 2019-08-01 -> 2022-01-01, third-party -> verified \(us-east-1, ap-southeast-2\)/);
    expect(io.err).toBe('');
  });

  it('keeps a usage type the API lacks from the bundled list and says so on stderr', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'config-cost-pricing-'));
    const out = join(dir, 'prices.json');
    const io = collect();
    const { client } = fixtureClient();
    await runPricingUpdate({ regions: ['eu-west-1'], out, client, checkedDate: '2026-12-05' }, io);
    expect(io.err).toMatch(
      /^warning: ProactiveConfigRuleEvaluations: the Price List API returned no price for eu-west-1; kept the price of the bundled price list \(status assumed, since 2022-11-28\)\n$/,
    );
    expect(loadPriceBook(out).price('eu-west-1', 'ProactiveConfigRuleEvaluations').status).toBe('assumed');
  });

  it('writes nothing when a usage type has no price anywhere (GovCloud is never filled in from commercial prices)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'config-cost-pricing-'));
    const out = join(dir, 'prices.json');
    const { client } = fixtureClient(4, (e) => !attributes(e).usagetype!.endsWith('-ProactiveConfigRuleEvaluations'));
    await expect(runPricingUpdate({ regions: ['us-gov-west-1'], out, client, checkedDate: '2026-12-05' }, collect())).rejects.toThrow(
      /no price for us-gov-west-1 ProactiveConfigRuleEvaluations/,
    );
    expect(existsSync(out)).toBe(false);
  });

  it('replaces an existing price list atomically, and refuses to overwrite a file that is not one', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'config-cost-pricing-'));
    const out = join(dir, 'prices.json');
    writeFileSync(out, readFileSync(DATA_FILES.pricing));
    const { client } = fixtureClient();
    await runPricingUpdate({ regions: ['us-east-1'], out, client, checkedDate: '2026-12-06' }, collect());
    expect(JSON.parse(readFileSync(out, 'utf8')).checked).toBe('2026-12-06');

    const notes = join(dir, 'notes.json');
    writeFileSync(notes, '{"mine": true}');
    await expect(runPricingUpdate({ regions: ['us-east-1'], out: notes, client, checkedDate: '2026-12-06' }, collect())).rejects.toThrow(
      /--out .*notes.json: the file exists and is not a price list/,
    );
    expect(readFileSync(notes, 'utf8')).toBe('{"mine": true}');
  });

  it('never touches the bundled pricing/aws-config.json unless --out names it', async () => {
    const before = readFileSync(DATA_FILES.pricing, 'utf8');
    const dir = mkdtempSync(join(tmpdir(), 'config-cost-pricing-'));
    const { client } = fixtureClient();
    await runPricingUpdate({ regions: ['us-east-1'], out: 'x.json', client, checkedDate: '2026-12-05', cwd: dir }, collect());
    expect(existsSync(join(dir, 'x.json'))).toBe(true);
    expect(readFileSync(DATA_FILES.pricing, 'utf8')).toBe(before);
  });

  it('checks the flags: region codes, the checked date', async () => {
    const { client } = fixtureClient();
    const run = (regions: string[], checkedDate = '2026-12-05') => runPricingUpdate({ regions, out: '/tmp/never-written.json', client, checkedDate }, collect());
    await expect(run([])).rejects.toThrow(/--regions: name at least one region code/);
    await expect(run(['US-EAST-1'])).rejects.toThrow(/--regions US-EAST-1: not a region code/);
    await expect(run(['us-east-1'], '5 Dec')).rejects.toThrow(/YYYY-MM-DD/);
  });
});
