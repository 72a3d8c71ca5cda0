import { mkdtempSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AccessDeniedException, GetProductsCommand, PricingClient, ThrottlingException } from '@aws-sdk/client-pricing';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createPricingClient, runPricingUpdate } from '../src/commands/pricing/index.js';
import { CliError } from '../src/errors.js';

const io = { stdout: () => undefined, stderr: () => undefined };
const out = () => join(mkdtempSync(join(tmpdir(), 'config-cost-pricing-faults-')), 'prices.json');

/** Runs an update and returns the error's one line, checking it is a CliError (exit 2) and nothing was written. */
async function failure(client: PricingClient, regions = ['us-east-1'], profile?: string): Promise<string> {
  const path = out();
  const error = await runPricingUpdate({ regions, out: path, client, checkedDate: '2026-12-05', profile }, io).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(CliError);
  expect((error as CliError).exitCode).toBe(2);
  const message = (error as Error).message;
  expect(message).not.toMatch(/\n/);
  expect(existsSync(path)).toBe(false);
  return message;
}

const mocked = () => {
  const client = new PricingClient({ region: 'us-east-1', credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'fixture' } });
  return { client, mock: mockClient(client) };
};

describe('Price List API faults: one clear line each, exit 2, nothing written', () => {
  const saved = { ...process.env };
  beforeEach(() => {
    for (const k of ['AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN', 'AWS_PROFILE', 'AWS_WEB_IDENTITY_TOKEN_FILE', 'AWS_CONTAINER_CREDENTIALS_RELATIVE_URI', 'AWS_CONTAINER_CREDENTIALS_FULL_URI']) {
      delete process.env[k];
    }
    process.env.AWS_CONFIG_FILE = '/nonexistent/config-cost/config';
    process.env.AWS_SHARED_CREDENTIALS_FILE = '/nonexistent/config-cost/credentials';
    process.env.AWS_EC2_METADATA_DISABLED = 'true';
  });
  afterEach(() => {
    for (const k of Object.keys(process.env)) if (!(k in saved)) delete process.env[k];
    Object.assign(process.env, saved);
  });

  it('no credentials (the real SDK credential chain)', async () => {
    expect(await failure(createPricingClient())).toMatch(
      /^the AWS Price List API \(GetProducts AWSConfig us-east-1\): no AWS credentials \(Could not load credentials from any providers\); give --profile, or set AWS_PROFILE or AWS_ACCESS_KEY_ID$/,
    );
  });

  it('no credentials for the profile named', async () => {
    expect(await failure(createPricingClient('ci-readonly'), ['us-east-1'], 'ci-readonly')).toMatch(/no AWS credentials for profile 'ci-readonly' .*check profile 'ci-readonly'/);
  });

  it('access denied', async () => {
    const { client, mock } = mocked();
    mock.on(GetProductsCommand).rejects(
      new AccessDeniedException({ message: 'User: arn:aws:iam::111122223333:user/ci is not authorized to perform: pricing:GetProducts', $metadata: { httpStatusCode: 400 } }),
    );
    expect(await failure(client)).toMatch(/: access denied \(AccessDeniedException\); the credentials need the IAM permission pricing:GetProducts$/);
  });

  it('rejected credentials', async () => {
    const { client, mock } = mocked();
    mock.on(GetProductsCommand).rejects(Object.assign(new Error('The security token included in the request is invalid.'), { name: 'UnrecognizedClientException' }));
    expect(await failure(client)).toMatch(/AWS rejected the credentials \(UnrecognizedClientException\)/);
  });

  it('an unreachable endpoint (a real connection refused)', async () => {
    const client = new PricingClient({ region: 'us-east-1', endpoint: 'http://127.0.0.1:9', credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'x' }, maxAttempts: 1 });
    expect(await failure(client)).toMatch(/: cannot reach the endpoint \(ECONNREFUSED\); check the network, a proxy, or try again later$/);
  });

  it('an unknown host', async () => {
    const { client, mock } = mocked();
    mock.on(GetProductsCommand).rejects(Object.assign(new Error('getaddrinfo ENOTFOUND api.pricing.us-east-1.amazonaws.com'), { code: 'ENOTFOUND' }));
    expect(await failure(client)).toMatch(/cannot reach the endpoint \(ENOTFOUND\)/);
  });

  it('throttling after the retries', async () => {
    const { client, mock } = mocked();
    mock.on(GetProductsCommand).rejects(new ThrottlingException({ message: 'Rate exceeded', $metadata: { httpStatusCode: 429 } }));
    expect(await failure(client)).toMatch(/throttled/);
  });

  it('a region with no AWS Config prices', async () => {
    const { client, mock } = mocked();
    mock.on(GetProductsCommand).resolves({ FormatVersion: 'aws_v1', PriceList: [] });
    expect(await failure(client, ['us-gov-east-9'])).toMatch(/^the Price List API has no AWS Config prices for us-gov-east-9 \(check the region code/);
  });

  it('a PriceList entry that is not JSON', async () => {
    const { client, mock } = mocked();
    mock.on(GetProductsCommand).resolves({ PriceList: ['{"product":'] });
    expect(await failure(client)).toMatch(/PriceList entry 0 of page 1 is not JSON/);
  });
});
