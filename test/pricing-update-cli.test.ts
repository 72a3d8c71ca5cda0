import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GetProductsCommand, PricingClient, type GetProductsCommandInput } from '@aws-sdk/client-pricing';
import { mockClient } from 'aws-sdk-client-mock';
import yargs from 'yargs';
import { describe, expect, it } from 'vitest';
import { pricingCommand } from '../src/commands/pricing/cli.js';
import { loadPriceBook } from '../src/data/load.js';
import { CliError, UsageError } from '../src/errors.js';

const products = JSON.parse(readFileSync(new URL('./fixtures/price-list/products.json', import.meta.url), 'utf8')) as Record<string, unknown[]>;

/** Runs `pricing ...` through yargs the way src/cli.ts wires commands (strict, failures as UsageError). */
async function run(args: string[], profiles: (string | undefined)[] = []) {
  const io = { out: '', err: '', stdout: (s: string) => void (io.out += s), stderr: (s: string) => void (io.err += s) };
  const createClient = (profile?: string) => {
    profiles.push(profile);
    const client = new PricingClient({ region: 'us-east-1', credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'fixture' } });
    mockClient(client)
      .on(GetProductsCommand)
      .callsFake((input: GetProductsCommandInput) => ({ PriceList: (products[input.Filters?.[0]?.Value ?? ''] ?? []).map((e) => JSON.stringify(e)) }));
    return client;
  };
  let error: unknown;
  try {
    await yargs(args)
      .command(pricingCommand(io, { createClient, today: () => '2026-12-05' }))
      .strict()
      .exitProcess(false)
      .fail((message, e) => {
        if (e) throw e;
        throw new UsageError(message);
      })
      .parseAsync();
  } catch (e) {
    error = e;
  }
  return { ...io, error };
}

describe('pricing command wiring (yargs)', () => {
  it('pricing show --region --format json', async () => {
    const r = await run(['pricing', 'show', '--region', 'us-east-2', '--format', 'json']);
    expect(r.error).toBeUndefined();
    expect(JSON.parse(r.out).region).toBe('us-east-2');
  });

  it('pricing update --regions (comma-separated) --out --profile', async () => {
    const out = join(mkdtempSync(join(tmpdir(), 'config-cost-pricing-cli-')), 'prices.json');
    const profiles: (string | undefined)[] = [];
    const r = await run(['pricing', 'update', '--regions', 'us-east-1,ap-southeast-2', '--out', out, '--profile', 'ci'], profiles);
    expect(r.error).toBeUndefined();
    expect(profiles).toEqual(['ci']);
    expect(loadPriceBook(out).price('ap-southeast-2', 'ConfigRuleEvaluations').status).toBe('verified');
    expect(JSON.parse(readFileSync(out, 'utf8')).checked).toBe('2026-12-05');
  });

  it.each([
    [['pricing', 'show', '--regions', 'us-east-1'], /--regions applies to 'pricing update'/],
    [['pricing', 'update', '--region', 'us-east-1'], /--region applies to 'pricing show'/],
    [['pricing', 'update', '--regions', 'us-east-1', '--format', 'json'], /--format applies to 'pricing show'/],
    [['pricing', 'update', '--regions', 'Ohio'], /--regions Ohio: not a region code/],
    [['pricing', 'refresh'], /Invalid values/],
  ])('%j is a usage error', async (args, message) => {
    const r = await run(args);
    expect(r.error).toBeInstanceOf(CliError);
    expect((r.error as Error).message).toMatch(message);
  });
});
