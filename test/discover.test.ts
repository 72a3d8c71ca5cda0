import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  ConfigServiceClient,
  DescribeConfigRulesCommand,
  DescribeConfigurationRecordersCommand,
  DescribeConfigurationRecorderStatusCommand,
  GetDiscoveredResourceCountsCommand,
  ListConfigurationRecordersCommand,
  type ConfigRule,
  type ConfigurationRecorder,
} from '@aws-sdk/client-config-service';
import { mockClient } from 'aws-sdk-client-mock';
import { describe, expect, it } from 'vitest';
import {
  configServiceClients,
  createConfigServiceClient,
  discoverForEstimate,
  expandCurrentRules,
  namesCurrentRules,
  runDiscover,
  type DiscoverOptions,
} from '../src/commands/discover/index.js';
import { loadInventoryFile, loadRuleCatalog, readUserDataFile } from '../src/data/load.js';
import { resolveRuleSet, ruleSetFromFile } from '../src/rules/rule-set.js';
import { inventoryFileSchema, ruleSetFileSchema } from '../src/rules/schema.js';
import { readConfigSetup } from '../src/sources/config-service/read-setup.js';
import { cli } from './helpers/run.js';

const ACCOUNT = '111122223333';
const catalog = loadRuleCatalog();
const NOW = new Date('2026-11-02T00:00:00Z');
const SAMPLE = new URL('../examples/cloudtrail', import.meta.url).pathname;

const collect = () => {
  const out = { stdout: '', stderr: '' };
  return { out, io: { stdout: (s: string) => void (out.stdout += s), stderr: (s: string) => void (out.stderr += s) } };
};
const folder = () => mkdtempSync(join(tmpdir(), 'config-cost-discover-'));

const ruleArn = (region: string, id: string) => `arn:aws:config:${region}:${ACCOUNT}:config-rule/config-rule-${id}`;
const managed = (region: string, name: string, identifier: string, extra: Partial<ConfigRule> = {}): ConfigRule => ({
  ConfigRuleName: name,
  ConfigRuleArn: ruleArn(region, name.slice(0, 6)),
  ConfigRuleState: 'ACTIVE',
  Source: { Owner: 'AWS', SourceIdentifier: identifier },
  ...extra,
});

const paidRecorder = (region: string, extra: Partial<ConfigurationRecorder> = {}): ConfigurationRecorder => ({
  arn: `arn:aws:config:${region}:${ACCOUNT}:configuration-recorder/default/abcd`,
  name: 'default',
  roleARN: `arn:aws:iam::${ACCOUNT}:role/aws-service-role/config.amazonaws.com/AWSServiceRoleForConfig`,
  recordingScope: 'PAID',
  recordingGroup: { allSupported: true, includeGlobalResourceTypes: false },
  recordingMode: { recordingFrequency: 'CONTINUOUS' },
  ...extra,
});

/** The account of the brief: exclusions, a daily override, a free service-linked recorder, every kind of rule, paging. */
function richAccount(region = 'us-east-1') {
  const client = new ConfigServiceClient({ region });
  const mock = mockClient(client);
  mock.on(DescribeConfigurationRecordersCommand).resolves({
    ConfigurationRecorders: [
      paidRecorder(region, {
        recordingGroup: {
          allSupported: false,
          includeGlobalResourceTypes: false,
          exclusionByResourceTypes: { resourceTypes: ['AWS::EC2::NetworkInterface', 'AWS::EC2::Instance'] },
          recordingStrategy: { useOnly: 'EXCLUSION_BY_RESOURCE_TYPES' },
        },
        recordingMode: {
          recordingFrequency: 'CONTINUOUS',
          recordingModeOverrides: [{ description: 'services daily', resourceTypes: ['AWS::ECS::Service', 'AWS::EC2::VPC'], recordingFrequency: 'DAILY' }],
        },
      }),
    ],
  });
  mock.on(DescribeConfigurationRecorderStatusCommand).resolves({
    ConfigurationRecordersStatus: [{ name: 'default', recording: true, lastStatus: 'SUCCESS' }],
  });
  mock
    .on(ListConfigurationRecordersCommand)
    .resolves({
      ConfigurationRecorderSummaries: [{ arn: `arn:aws:config:${region}:${ACCOUNT}:configuration-recorder/default/abcd`, name: 'default', recordingScope: 'PAID' }],
      NextToken: 'rec-2',
    })
    .on(ListConfigurationRecordersCommand, { NextToken: 'rec-2' })
    .resolves({
      ConfigurationRecorderSummaries: [
        {
          arn: `arn:aws:config:${region}:${ACCOUNT}:configuration-recorder/AWSConfigurationRecorderForSecurityHub/efgh`,
          name: 'AWSConfigurationRecorderForSecurityHub',
          servicePrincipal: 'securityhub.amazonaws.com',
          recordingScope: 'INTERNAL',
        },
      ],
    });
  mock
    .on(DescribeConfigRulesCommand)
    .resolves({
      ConfigRules: [
        managed(region, 'ecs-containers-nonprivileged', 'ECS_CONTAINERS_NONPRIVILEGED', { Scope: { ComplianceResourceTypes: ['AWS::ECS::TaskDefinition'] } }),
        managed(region, 'eks-endpoint-no-public-access', 'EKS_ENDPOINT_NO_PUBLIC_ACCESS', { MaximumExecutionFrequency: 'Six_Hours' }),
        managed(region, 'securityhub-ecs-containers-nonprivileged-a1b2c3', 'ECS_CONTAINERS_NONPRIVILEGED', {
          CreatedBy: 'securityhub.amazonaws.com',
          Scope: { ComplianceResourceTypes: ['AWS::ECS::TaskDefinition'] },
        }),
      ],
      NextToken: 'rules-2',
    })
    .on(DescribeConfigRulesCommand, { NextToken: 'rules-2' })
    .resolves({
      ConfigRules: [
        managed(region, 'ecr-private-image-scanning-enabled-conformance-pack-x9y8z7w6', 'ECR_PRIVATE_IMAGE_SCANNING_ENABLED', {
          CreatedBy: 'config-conforms.amazonaws.com',
          MaximumExecutionFrequency: 'Twelve_Hours',
        }),
        {
          ConfigRuleName: 'my-task-definition-check',
          ConfigRuleArn: ruleArn(region, 'custom1'),
          ConfigRuleState: 'ACTIVE',
          Scope: { ComplianceResourceTypes: ['AWS::ECS::TaskDefinition', 'AWS::ECS::Service'] },
          Source: {
            Owner: 'CUSTOM_LAMBDA',
            SourceIdentifier: `arn:aws:lambda:${region}:${ACCOUNT}:function:task-check`,
            SourceDetails: [{ EventSource: 'aws.config', MessageType: 'ConfigurationItemChangeNotification' }],
          },
        },
        {
          ConfigRuleName: 'nightly-cluster-audit',
          ConfigRuleArn: ruleArn(region, 'custom2'),
          ConfigRuleState: 'ACTIVE',
          Scope: { ComplianceResourceTypes: ['AWS::EKS::Cluster'] },
          Source: {
            Owner: 'CUSTOM_LAMBDA',
            SourceIdentifier: `arn:aws:lambda:${region}:${ACCOUNT}:function:audit`,
            SourceDetails: [
              { EventSource: 'aws.config', MessageType: 'ScheduledNotification', MaximumExecutionFrequency: 'Twelve_Hours' },
              { EventSource: 'aws.config', MessageType: 'ScheduledNotification', MaximumExecutionFrequency: 'Three_Hours' },
            ],
          },
        },
        managed(region, 's3-bucket-versioning-enabled', 'S3_BUCKET_VERSIONING_ENABLED', { Scope: { ComplianceResourceTypes: ['AWS::S3::Bucket'] } }),
        managed(region, 'iam-password-policy', 'IAM_PASSWORD_POLICY', { MaximumExecutionFrequency: 'TwentyFour_Hours' }),
        managed(region, 'old-rule', 'ECS_TASK_DEFINITION_NONROOT_USER', { ConfigRuleState: 'DELETING' }),
      ],
    });
  mock
    .on(GetDiscoveredResourceCountsCommand)
    .resolves({
      resourceCounts: [
        { resourceType: 'AWS::ECS::Cluster', count: 2 },
        { resourceType: 'AWS::ECS::Service', count: 5 },
      ],
      nextToken: 'counts-2',
    })
    .on(GetDiscoveredResourceCountsCommand, { nextToken: 'counts-2', limit: 100 })
    .resolves({
      resourceCounts: [
        { resourceType: 'AWS::ECS::TaskDefinition', count: 40 },
        { resourceType: 'AWS::S3::Bucket', count: 12 },
        { resourceType: 'AWS::EKS::Cluster', count: 1 },
      ],
    });
  return { client, mock };
}

async function discover(clients: Record<string, ConfigServiceClient>, extra: Partial<DiscoverOptions> = {}) {
  const out = extra.out ?? folder();
  const { out: printed, io } = collect();
  const result = await runDiscover({ regions: Object.keys(clients), out, clientFor: (r) => clients[r]!, now: NOW, ...extra }, io);
  return { result, out, printed };
}

describe('readConfigSetup', () => {
  it('reads recorders (paid and service-linked), every page of rules and counts', async () => {
    const { client, mock } = richAccount();
    const setup = await readConfigSetup(client, 'us-east-1');
    expect(setup.account).toBe(ACCOUNT);
    expect(setup.recorders.map((r) => [r.name, r.recordingScope])).toEqual([
      ['default', 'PAID'],
      ['AWSConfigurationRecorderForSecurityHub', 'INTERNAL'],
    ]);
    const paid = setup.recorders[0]!;
    expect(paid).toMatchObject({
      strategy: 'EXCLUSION_BY_RESOURCE_TYPES',
      excludedResourceTypes: ['AWS::EC2::NetworkInterface', 'AWS::EC2::Instance'],
      recordingFrequency: 'CONTINUOUS',
      recording: true,
    });
    expect(paid.overrides[0]).toMatchObject({ recordingFrequency: 'DAILY', resourceTypes: ['AWS::ECS::Service', 'AWS::EC2::VPC'] });
    expect(setup.rules).toHaveLength(9);
    expect(setup.rules.find((r) => r.name === 'nightly-cluster-audit')!.maximumExecutionFrequency).toBe('Three_Hours');
    expect(setup.resourceCounts).toContainEqual({ resourceType: 'AWS::ECS::TaskDefinition', count: 40 });
    expect(mock.commandCalls(DescribeConfigRulesCommand).map((c) => c.args[0].input.NextToken)).toEqual([undefined, 'rules-2']);
    expect(mock.commandCalls(GetDiscoveredResourceCountsCommand).map((c) => c.args[0].input.nextToken)).toEqual([undefined, 'counts-2']);
    expect(mock.commandCalls(ListConfigurationRecordersCommand)).toHaveLength(2);
  });

  it('stops a server that keeps returning the same page token', async () => {
    const { client, mock } = richAccount();
    mock.on(DescribeConfigRulesCommand).resolves({ ConfigRules: [], NextToken: 'same' });
    await expect(readConfigSetup(client, 'us-east-1')).rejects.toThrow(/DescribeConfigRules in us-east-1 returned the same page token twice/);
  });

  it('reads on without ListConfigurationRecorders permission, with a warning', async () => {
    const { client, mock } = richAccount();
    mock.on(ListConfigurationRecordersCommand).rejects(Object.assign(new Error('not authorized'), { name: 'AccessDeniedException' }));
    const setup = await readConfigSetup(client, 'us-east-1');
    expect(setup.recorders).toHaveLength(1);
    expect(setup.warnings[0]).toMatch(/ListConfigurationRecorders refused \(AccessDeniedException\)/);
  });
});

describe('runDiscover: the files', () => {
  it('writes a plain rule-set file and a conformance-pack file that the project loads', async () => {
    const { client } = richAccount();
    const { result, out } = await discover({ 'us-east-1': client });
    expect(result.ruleSetPaths).toEqual([join(out, 'rules-current.json'), join(out, 'rules-current-conformance-packs.json')]);
    expect(result.rulesSpec).toBe(`${join(out, 'rules-current.json')}+${join(out, 'rules-current-conformance-packs.json')}`);

    const plain = readUserDataFile(result.ruleSetPaths[0]!);
    expect(ruleSetFileSchema.safeParse(plain).success).toBe(true);
    expect(plain).toMatchObject({ name: 'current', deployment: 'rules' });
    expect((plain as { rules: unknown[] }).rules).toEqual([
      'ecs-containers-nonprivileged',
      { rule: 'eks-endpoint-no-public-access', maximumExecutionFrequency: 'Six_Hours' },
      { rule: 'iam-password-policy', trigger: 'periodic', accountLevel: true, maximumExecutionFrequency: 'TwentyFour_Hours' },
      { rule: 'my-task-definition-check', trigger: 'change', resourceTypes: ['AWS::ECS::Service', 'AWS::ECS::TaskDefinition'] },
      { rule: 'nightly-cluster-audit', trigger: 'periodic', resourceTypes: ['AWS::EKS::Cluster'], maximumExecutionFrequency: 'Three_Hours' },
      { rule: 's3-bucket-versioning-enabled', trigger: 'change', resourceTypes: ['AWS::S3::Bucket'] },
      { rule: 'securityhub-ecs-containers-nonprivileged', trigger: 'change', resourceTypes: ['AWS::ECS::TaskDefinition'] },
    ]);
    const packs = readUserDataFile(result.ruleSetPaths[1]!);
    expect(packs).toMatchObject({
      name: 'current-conformance-packs',
      deployment: 'conformance-pack',
      rules: [{ rule: 'ecr-private-image-scanning-enabled', maximumExecutionFrequency: 'Twelve_Hours' }],
    });

    // Each file alone, with the project's loader.
    const set = ruleSetFromFile(result.ruleSetPaths[0]!, plain, catalog);
    const byName = new Map(set.rules.map((r) => [r.name, r]));
    expect(byName.get('ecs-containers-nonprivileged')).toMatchObject({ managed: true, trigger: 'change', deployment: 'rules' });
    expect(byName.get('eks-endpoint-no-public-access')).toMatchObject({ managed: true, trigger: 'periodic', runsPerDay: 4 });
    expect(byName.get('securityhub-ecs-containers-nonprivileged')).toMatchObject({ trigger: 'change', resourceTypes: ['AWS::ECS::TaskDefinition'] });
    expect(byName.get('nightly-cluster-audit')).toMatchObject({ managed: false, runsPerDay: 8 });
    expect(byName.get('iam-password-policy')).toMatchObject({ accountLevel: true, resourceTypes: ['AWS::::Account'] });

    // Both at once, as `estimate --rules a.json+b.json` reads them.
    const isFile = (p: string) => existsSync(p);
    const combined = resolveRuleSet(result.rulesSpec, catalog, readUserDataFile, isFile);
    expect(combined.rules).toHaveLength(8);
    expect(combined.rules.find((r) => r.rule === 'ecr-private-image-scanning-enabled')).toMatchObject({
      deployment: 'conformance-pack',
      maximumExecutionFrequency: 'Twelve_Hours',
      runsPerDay: 2,
    });

    expect(result.rules).toMatchObject({
      found: 9,
      written: 8,
      inCatalog: 4,
      outsideCatalog: 4,
      outsideCatalogOnContainers: 2,
      outsideCatalogAccountLevel: 1,
      securityHub: 1,
      conformancePack: 1,
      custom: 2,
      skipped: 1,
    });
  });

  it('writes the inventory of container types: counts, zeros for recorded types, no task-definition revisions', async () => {
    const { client } = richAccount();
    const { result } = await discover({ 'us-east-1': client });
    const raw = JSON.parse(readFileSync(result.inventoryPath, 'utf8'));
    expect(inventoryFileSchema.safeParse(raw).success).toBe(true);
    const entries = loadInventoryFile(result.inventoryPath);
    const count = (type: string) => entries.find((e) => e.resourceType === type)?.count;
    expect(entries.every((e) => e.account === ACCOUNT && e.region === 'us-east-1')).toBe(true);
    expect(count('AWS::ECS::Cluster')).toBe(2);
    expect(count('AWS::ECS::Service')).toBe(5);
    expect(count('AWS::EKS::Cluster')).toBe(1);
    expect(count('AWS::ECR::Repository')).toBe(0); // recorded, none discovered
    expect(count('AWS::EC2::NetworkInterface')).toBeUndefined(); // excluded from recording: left to the replay
    expect(count('AWS::ECS::TaskDefinition')).toBeUndefined(); // revisions, not families
    expect(count('AWS::S3::Bucket')).toBeUndefined(); // not a container type
    expect(result.notes.join('\n')).toMatch(/AWS::ECS::TaskDefinition: Config counts 40 revision/);
  });

  it('summarises the recorders as estimate flags and says what they cannot express', async () => {
    const { client } = richAccount();
    const { result, printed } = await discover({ 'us-east-1': client });
    expect(result.recording.mode).toBe('continuous');
    expect(result.recording.excludeTypes).toEqual(['AWS::EC2::NetworkInterface']);
    expect(result.recording.flags).toEqual(['--recording', 'continuous', '--exclude-types', 'AWS::EC2::NetworkInterface']);
    expect(result.recording.exact).toBe(false); // the daily override on services
    const notes = result.recording.notes.join('\n');
    expect(notes).toMatch(/AWS::ECS::Service recorded daily by a recording-mode override/);
    expect(notes).toMatch(/service-linked recorder AWSConfigurationRecorderForSecurityHub \(securityhub\.amazonaws\.com\) records for free/);
    expect(result.recording.byRegion[0]).toMatchObject({ paidRecorder: 'default', freeRecorders: [{ name: 'AWSConfigurationRecorderForSecurityHub' }] });

    expect(printed.stderr).toBe('');
    expect(printed.stdout).toMatch(/^AWS Config set-up of account 111122223333 in us-east-1/);
    expect(printed.stdout).toMatch(/AWSConfigurationRecorderForSecurityHub \(securityhub\.amazonaws\.com\): service-linked, free, not counted/);
    expect(printed.stdout).toMatch(/Rules {6}8 written from 9 found \(4 in the catalog, 4 outside it/);
    expect(printed.stdout).toContain(`--rules ${result.rulesSpec} --inventory ${result.inventoryPath} --recording continuous --exclude-types AWS::EC2::NetworkInterface`);
  });

  it('reads an all-daily recorder and an inclusion list exactly', async () => {
    const client = new ConfigServiceClient({ region: 'eu-west-1' });
    const mock = mockClient(client);
    mock.on(DescribeConfigurationRecordersCommand).resolves({
      ConfigurationRecorders: [
        paidRecorder('eu-west-1', {
          recordingGroup: { allSupported: false, resourceTypes: ['AWS::ECS::Service', 'AWS::ECS::TaskDefinition', 'AWS::S3::Bucket'], recordingStrategy: { useOnly: 'INCLUSION_BY_RESOURCE_TYPES' } },
          recordingMode: { recordingFrequency: 'DAILY', recordingModeOverrides: [{ resourceTypes: ['AWS::S3::Bucket'], recordingFrequency: 'CONTINUOUS' }] },
        }),
      ],
    });
    mock.on(DescribeConfigurationRecorderStatusCommand).resolves({ ConfigurationRecordersStatus: [{ name: 'default', recording: false }] });
    mock.on(ListConfigurationRecordersCommand).resolves({ ConfigurationRecorderSummaries: [] });
    mock.on(DescribeConfigRulesCommand).resolves({ ConfigRules: [] });
    mock.on(GetDiscoveredResourceCountsCommand).resolves({ resourceCounts: [{ resourceType: 'AWS::ECS::Service', count: 3 }] });
    const { result } = await discover({ 'eu-west-1': client });
    expect(result.recording).toMatchObject({ mode: 'daily', recordTypes: ['AWS::ECS::Service', 'AWS::ECS::TaskDefinition'], exact: true });
    expect(result.recording.flags).toEqual(['--recording', 'daily', '--record-types', 'AWS::ECS::Service,AWS::ECS::TaskDefinition']);
    expect(result.recording.notes.join('\n')).toMatch(/recorder default is stopped/);
    // No rules: one empty rule-set file that still loads.
    expect(result.ruleSetPaths).toHaveLength(1);
    expect(ruleSetFromFile(result.ruleSetPath, readUserDataFile(result.ruleSetPath), catalog).rules).toEqual([]);
    // Only the included container types get zeros.
    expect(loadInventoryFile(result.inventoryPath).map((e) => [e.resourceType, e.count])).toEqual([['AWS::ECS::Service', 3]]);
  });

  it('pairs conformance-pack and Security Hub rules across regions, whose names differ per region', async () => {
    const clients: Record<string, ConfigServiceClient> = {};
    for (const [region, suffix, frequency] of [
      ['us-east-1', 'aaaa1111', 'Twelve_Hours'],
      ['eu-west-1', 'bbbb2222', 'One_Hour'],
    ] as const) {
      const client = new ConfigServiceClient({ region });
      const mock = mockClient(client);
      mock.on(DescribeConfigurationRecordersCommand).resolves({ ConfigurationRecorders: [paidRecorder(region)] });
      mock.on(DescribeConfigurationRecorderStatusCommand).resolves({ ConfigurationRecordersStatus: [{ name: 'default', recording: true }] });
      mock.on(ListConfigurationRecordersCommand).resolves({ ConfigurationRecorderSummaries: [] });
      mock.on(DescribeConfigRulesCommand).resolves({
        ConfigRules: [
          managed(region, `eks-secrets-encrypted-conformance-pack-${suffix}`, 'EKS_SECRETS_ENCRYPTED', {
            CreatedBy: 'config-conforms.amazonaws.com',
            MaximumExecutionFrequency: frequency,
          }),
          managed(region, `securityhub-ecr-private-image-scanning-enabled-${suffix}`, 'ECR_PRIVATE_IMAGE_SCANNING_ENABLED', {
            CreatedBy: 'securityhub.amazonaws.com',
            MaximumExecutionFrequency: 'TwentyFour_Hours',
          }),
        ],
      });
      mock.on(GetDiscoveredResourceCountsCommand).resolves({ resourceCounts: [{ resourceType: 'AWS::EKS::Cluster', count: 1 }] });
      clients[region] = client;
    }
    const { result } = await discover(clients);
    const [plain, packs] = result.ruleSetPaths.map((p) => readUserDataFile(p) as { rules: unknown[] });
    expect(plain!.rules).toEqual([
      { rule: 'securityhub-ecr-private-image-scanning-enabled', trigger: 'periodic', resourceTypes: ['AWS::ECR::Repository'], maximumExecutionFrequency: 'TwentyFour_Hours' },
    ]);
    expect(packs!.rules).toEqual([{ rule: 'eks-secrets-encrypted', maximumExecutionFrequency: 'One_Hour' }]);
    expect(result.notes.join('\n')).toMatch(/runs Twelve_Hours in us-east-1 and One_Hour in eu-west-1; written with the more frequent One_Hour/);
    expect(loadInventoryFile(result.inventoryPath).filter((e) => e.resourceType === 'AWS::EKS::Cluster').map((e) => e.region)).toEqual(['us-east-1', 'eu-west-1']);
  });

  it('writes conformance-pack rules alone to rules-current.json, and removes a stale second file', async () => {
    const out = folder();
    writeFileSync(join(out, 'rules-current-conformance-packs.json'), '{}');
    const client = new ConfigServiceClient({ region: 'us-east-1' });
    const mock = mockClient(client);
    mock.on(DescribeConfigurationRecordersCommand).resolves({ ConfigurationRecorders: [paidRecorder('us-east-1')] });
    mock.on(DescribeConfigurationRecorderStatusCommand).resolves({ ConfigurationRecordersStatus: [] });
    mock.on(ListConfigurationRecordersCommand).resolves({ ConfigurationRecorderSummaries: [] });
    mock.on(DescribeConfigRulesCommand).resolves({
      ConfigRules: [
        managed('us-east-1', 'ecs-no-environment-secrets-conformance-pack-q1w2e3r4', 'ECS_NO_ENVIRONMENT_SECRETS', { CreatedBy: 'config-conforms.amazonaws.com' }),
        managed('us-east-1', 'ecs-no-environment-secrets-conformance-pack-z9x8c7v6', 'ECS_NO_ENVIRONMENT_SECRETS', { CreatedBy: 'config-conforms.amazonaws.com' }),
      ],
    });
    mock.on(GetDiscoveredResourceCountsCommand).resolves({ resourceCounts: [] });
    const { result } = await discover({ 'us-east-1': client }, { out });
    expect(result.ruleSetPaths).toEqual([join(out, 'rules-current.json')]);
    expect(existsSync(join(out, 'rules-current-conformance-packs.json'))).toBe(false);
    const file = readUserDataFile(result.ruleSetPath);
    expect(file).toMatchObject({ deployment: 'conformance-pack' });
    // The same rule from two packs: the second keeps its account name, as a separate rule.
    const set = ruleSetFromFile(result.ruleSetPath, file, catalog);
    expect(set.rules.map((r) => [r.name, r.deployment])).toEqual([
      ['ecs-no-environment-secrets', 'conformance-pack'],
      ['ecs-no-environment-secrets-conformance-pack-z9x8c7v6', 'conformance-pack'],
    ]);
    expect(readdirSync(out).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  it('takes the account from the ARNs, and checks a given --account against them', async () => {
    const { client } = richAccount();
    await expect(discover({ 'us-east-1': client }, { account: '999988887777' })).rejects.toThrow(
      /--account 999988887777: the credentials read AWS Config of account 111122223333/,
    );
    await expect(discover({ 'us-east-1': client }, { account: '12345' })).rejects.toThrow(/--account takes a 12-digit account id/);
  });
});

describe('the real client', () => {
  it('is made for a region and profile, one per region, and closed together', async () => {
    const client = createConfigServiceClient('eu-west-1', 'some-profile');
    expect(await client.config.region()).toBe('eu-west-1');
    client.destroy();
    const clients = configServiceClients();
    expect(clients.clientFor('us-east-1')).toBe(clients.clientFor('us-east-1'));
    expect(clients.clientFor('us-west-2')).not.toBe(clients.clientFor('us-east-1'));
    clients.close();
  });
});

describe('--rules current', () => {
  it('expands current in a --rules value', () => {
    expect(namesCurrentRules('current')).toBe(true);
    expect(namesCurrentRules('containers-2022+current')).toBe(true);
    expect(namesCurrentRules('containers-2022')).toBe(false);
    expect(expandCurrentRules('current+security-hub-fsbp', 'a.json+b.json')).toBe('a.json+b.json+security-hub-fsbp');
  });

  it('discovers with the summary on stderr, and estimate reads what it returns', async () => {
    const { client } = richAccount();
    const { out: printed, io } = collect();
    const current = await discoverForEstimate({ regions: ['us-east-1'], out: folder(), clientFor: () => client }, io);
    expect(printed.stdout).toBe('');
    expect(printed.stderr).toMatch(/^AWS Config set-up of account 111122223333/);
    const flags = current.result.recording.flags;
    const run = await cli(['estimate', '--events', SAMPLE, '--rules', expandCurrentRules('current', current.rulesSpec), '--inventory', current.inventoryPath, ...flags, '--format', 'json']);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const report = JSON.parse(run.stdout);
    const rules = report.ruleSets[0].rules as { name: string; deployment: string }[];
    expect(rules.map((r) => r.name)).toContain('securityhub-ecs-containers-nonprivileged');
    expect(rules.find((r) => r.name === 'ecr-private-image-scanning-enabled')!.deployment).toBe('conformance-pack');
    expect(report.recording.excludeTypes).toEqual(['AWS::EC2::NetworkInterface']);
  });
});
