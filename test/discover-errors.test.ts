import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  ConfigServiceClient,
  ConfigServiceServiceException,
  DescribeConfigRulesCommand,
  DescribeConfigurationRecordersCommand,
  DescribeConfigurationRecorderStatusCommand,
  GetDiscoveredResourceCountsCommand,
  ListConfigurationRecordersCommand,
} from '@aws-sdk/client-config-service';
import { mockClient } from 'aws-sdk-client-mock';
import { describe, expect, it } from 'vitest';
import { runDiscover } from '../src/commands/discover/index.js';
import { CliError, ExitCode, InputError, UsageError } from '../src/errors.js';

const io = { stdout: () => undefined, stderr: () => undefined };
const out = () => mkdtempSync(join(tmpdir(), 'config-cost-discover-errors-'));

const serviceError = (name: string, message: string, status = 400) =>
  new ConfigServiceServiceException({ name, $fault: 'client', message, $metadata: { httpStatusCode: status } });

/** A region whose calls all succeed with nothing, except what the test breaks. */
function region(name = 'us-east-1') {
  const client = new ConfigServiceClient({ region: name });
  const mock = mockClient(client);
  mock.on(DescribeConfigurationRecordersCommand).resolves({
    ConfigurationRecorders: [{ name: 'default', roleARN: 'arn:aws:iam::111122223333:role/config', recordingGroup: { allSupported: true } }],
  });
  mock.on(DescribeConfigurationRecorderStatusCommand).resolves({ ConfigurationRecordersStatus: [] });
  mock.on(ListConfigurationRecordersCommand).resolves({ ConfigurationRecorderSummaries: [] });
  mock.on(DescribeConfigRulesCommand).resolves({ ConfigRules: [] });
  mock.on(GetDiscoveredResourceCountsCommand).resolves({ resourceCounts: [] });
  return { client, mock };
}

async function failure(run: () => Promise<unknown>): Promise<CliError> {
  try {
    await run();
  } catch (error) {
    expect(error).toBeInstanceOf(CliError);
    const e = error as CliError;
    expect(e.exitCode).toBe(ExitCode.usage);
    expect(e.message).not.toContain('\n'); // one line
    expect(e.message).not.toMatch(/\n\s+at /); // never a stack trace
    return e;
  }
  throw new Error('expected a failure');
}

const discoverWith = (client: ConfigServiceClient, regionName = 'us-east-1') => () =>
  runDiscover({ regions: [regionName], out: out(), clientFor: () => client }, io);

describe('discover: faults map to one line naming the call, the region and what to do', () => {
  it('no credentials', async () => {
    const { client, mock } = region();
    mock.on(DescribeConfigurationRecordersCommand).rejects(Object.assign(new Error('Could not load credentials from any providers'), { name: 'CredentialsProviderError' }));
    const e = await failure(discoverWith(client));
    expect(e).toBeInstanceOf(InputError);
    expect(e.message).toBe(
      "discover: no AWS credentials found (DescribeConfigurationRecorders in us-east-1): give --profile NAME, set AWS_PROFILE or AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, or run 'aws configure' / 'aws sso login'",
    );
  });

  it('an expired SSO session', async () => {
    const { client, mock } = region();
    mock
      .on(DescribeConfigurationRecordersCommand)
      .rejects(
        Object.assign(new Error('The SSO session associated with this profile has expired or is otherwise invalid. To refresh this SSO session run aws sso login with the corresponding profile.'), {
          name: 'CredentialsProviderError',
        }),
      );
    expect((await failure(discoverWith(client))).message).toMatch(/^discover: the AWS SSO session has expired \(DescribeConfigurationRecorders in us-east-1\): run 'aws sso login'/);
  });

  it('expired credentials', async () => {
    const { client, mock } = region();
    mock.on(DescribeConfigRulesCommand).rejects(serviceError('ExpiredTokenException', 'The security token included in the request is expired'));
    expect((await failure(discoverWith(client))).message).toMatch(/^discover: the AWS credentials have expired \(DescribeConfigRules in us-east-1\): refresh them/);
  });

  it('credentials AWS does not know (or a region not enabled)', async () => {
    const { client, mock } = region('ap-east-1');
    mock.on(DescribeConfigurationRecordersCommand).rejects(serviceError('UnrecognizedClientException', 'The security token included in the request is invalid.'));
    expect((await failure(discoverWith(client, 'ap-east-1'))).message).toMatch(
      /^discover: AWS rejected the credentials \(UnrecognizedClientException, DescribeConfigurationRecorders in ap-east-1\): .*opt-in region/,
    );
  });

  it('access denied', async () => {
    const { client, mock } = region();
    mock.on(GetDiscoveredResourceCountsCommand).rejects(serviceError('AccessDeniedException', 'User: arn:aws:iam::111122223333:user/x is not authorized', 403));
    expect((await failure(discoverWith(client))).message).toMatch(
      /^discover: access denied to config:GetDiscoveredResourceCounts in us-east-1: the caller needs read access to AWS Config/,
    );
  });

  it('a region where Config is not set up', async () => {
    const { client, mock } = region('eu-south-2');
    mock.on(DescribeConfigurationRecordersCommand).resolves({ ConfigurationRecorders: [] });
    const e = await failure(discoverWith(client, 'eu-south-2'));
    expect(e.message).toBe(
      'discover: AWS Config is not set up in eu-south-2 (no configuration recorder and no rule): set it up there, or leave eu-south-2 out of --regions',
    );
    expect(mock.commandCalls(DescribeConfigurationRecorderStatusCommand)).toHaveLength(0);
  });

  it('an unreachable endpoint (mocked DNS failure)', async () => {
    const { client, mock } = region();
    mock
      .on(DescribeConfigurationRecordersCommand)
      .rejects(Object.assign(new Error('getaddrinfo ENOTFOUND config.us-east-1.amazonaws.com'), { code: 'ENOTFOUND', hostname: 'config.us-east-1.amazonaws.com' }));
    expect((await failure(discoverWith(client))).message).toBe(
      'discover: cannot reach AWS Config at config.us-east-1.amazonaws.com (ENOTFOUND, DescribeConfigurationRecorders in us-east-1): check the region name and the network connection, then try again',
    );
  });

  it('an unreachable endpoint (a real client, a closed port)', async () => {
    const client = new ConfigServiceClient({
      region: 'us-east-1',
      endpoint: 'http://127.0.0.1:9',
      credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'not-a-secret' },
      maxAttempts: 1,
    });
    const e = await failure(discoverWith(client));
    expect(e.message).toMatch(/^discover: cannot reach AWS Config at 127\.0\.0\.1:9 \(ECONNREFUSED, DescribeConfigurationRecorders in us-east-1\)/);
    client.destroy();
  });

  it('throttling that outlasts the retries, and other service errors', async () => {
    const { client, mock } = region();
    mock.on(DescribeConfigRulesCommand).rejects(serviceError('ThrottlingException', 'Rate exceeded'));
    expect((await failure(discoverWith(client))).message).toBe('discover: AWS Config throttled DescribeConfigRules in us-east-1 after retries: wait a minute and try again');
    mock.on(DescribeConfigRulesCommand).rejects(serviceError('InvalidNextTokenException', 'The specified next token is invalid.\nmore'));
    expect((await failure(discoverWith(client))).message).toBe(
      'discover: DescribeConfigRules in us-east-1 failed: InvalidNextTokenException: The specified next token is invalid.',
    );
  });

  it('bad flags', async () => {
    const { client } = region();
    const e = await failure(() => runDiscover({ regions: ['useast1'], out: out(), clientFor: () => client }, io));
    expect(e).toBeInstanceOf(UsageError);
    expect(e.message).toBe("--regions: 'useast1' is not an AWS region such as us-east-1");
    expect((await failure(() => runDiscover({ regions: [], out: out(), clientFor: () => client }, io))).message).toMatch(/give --regions/);
  });

  it('an --out folder that cannot be made', async () => {
    const { client } = region();
    const file = join(out(), 'a-file');
    writeFileSync(file, 'not a folder');
    const e = await failure(() => runDiscover({ regions: ['us-east-1'], out: join(file, 'sub'), clientFor: () => client }, io));
    expect(e.message).toBe(`--out ${join(file, 'sub')}: cannot create the folder (ENOTDIR)`);
  });
});
