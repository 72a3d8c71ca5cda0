import {
  DescribeConfigRulesCommand,
  DescribeConfigurationRecordersCommand,
  DescribeConfigurationRecorderStatusCommand,
  GetDiscoveredResourceCountsCommand,
  ListConfigurationRecordersCommand,
  type ConfigRule,
  type ConfigServiceClient,
  type ConfigurationRecorder,
  type ConfigurationRecorderStatus,
  type ConfigurationRecorderSummary,
} from '@aws-sdk/client-config-service';
import { FREQUENCIES, RUNS_PER_DAY, type Frequency } from '../../rules/schema.js';
import { InputError } from '../../errors.js';
import { awsCall, explainAwsError } from './errors.js';

export type RecordingFrequency = 'CONTINUOUS' | 'DAILY';
export type RecordingStrategy = 'ALL_SUPPORTED_RESOURCE_TYPES' | 'EXCLUSION_BY_RESOURCE_TYPES' | 'INCLUSION_BY_RESOURCE_TYPES';

/** A configuration recorder of one region, as AWS Config describes it. */
export interface DiscoveredRecorder {
  name: string;
  arn?: string | undefined;
  roleARN?: string | undefined;
  /** PAID: the customer-managed recorder, billed. INTERNAL: a service-linked recorder, free. */
  recordingScope: 'PAID' | 'INTERNAL';
  /** The service a service-linked recorder belongs to (securityhub.amazonaws.com, ...). */
  servicePrincipal?: string | undefined;
  /** From DescribeConfigurationRecorderStatus; null when not reported. */
  recording: boolean | null;
  lastStatus?: string | undefined;
  lastErrorCode?: string | undefined;
  /** False for a recorder known only from ListConfigurationRecorders (a service-linked one): no recording group. */
  described: boolean;
  strategy: RecordingStrategy;
  includeGlobalResourceTypes: boolean;
  /** INCLUSION_BY_RESOURCE_TYPES: the types recorded. */
  resourceTypes: string[];
  /** EXCLUSION_BY_RESOURCE_TYPES: the types left out. */
  excludedResourceTypes: string[];
  /** The default recording frequency. */
  recordingFrequency: RecordingFrequency;
  /** recordingModeOverrides: other frequencies for some types. */
  overrides: { resourceTypes: string[]; recordingFrequency: RecordingFrequency; description?: string | undefined }[];
}

/** A Config rule of one region, as DescribeConfigRules returns it, flattened. */
export interface DiscoveredRule {
  name: string;
  arn?: string | undefined;
  state?: string | undefined;
  /** AWS (managed), CUSTOM_LAMBDA or CUSTOM_POLICY (Guard). */
  owner: string;
  /** The managed rule identifier (ECS_CONTAINERS_NONPRIVILEGED), or a custom rule's Lambda ARN. */
  sourceIdentifier?: string | undefined;
  /** SourceDetails message types (custom rules; managed rules carry none). */
  messageTypes: string[];
  /** The most frequent MaximumExecutionFrequency of the rule and its scheduled SourceDetails. */
  maximumExecutionFrequency?: Frequency | undefined;
  /** Scope.ComplianceResourceTypes. */
  scopeResourceTypes: string[];
  scopeResourceId?: string | undefined;
  /** The service that created a service-linked rule (securityhub.amazonaws.com, config-conforms.amazonaws.com, ...). */
  createdBy?: string | undefined;
  /** DETECTIVE and/or PROACTIVE; empty when not reported (detective). */
  evaluationModes: string[];
}

export interface AccountConfigSetup {
  /** The 12-digit account, from the ARNs of the rules and recorders (undefined when none carries it). */
  account?: string | undefined;
  region: string;
  recorders: DiscoveredRecorder[];
  rules: DiscoveredRule[];
  /** GetDiscoveredResourceCounts: what Config has discovered in the region, per type. */
  resourceCounts: { resourceType: string; count: number }[];
  /** Things read around (a permission missing for an optional call). */
  warnings: string[];
}

const ACCOUNT_IN_ARN = /^arn:aws[a-z-]*:[a-z0-9-]+:[a-z0-9-]*:(\d{12}):/;

/** The account id an ARN names, if any. */
export function accountOfArn(arn: string | undefined): string | undefined {
  return arn === undefined ? undefined : ACCOUNT_IN_ARN.exec(arn)?.[1];
}

const isFrequency = (value: unknown): value is Frequency => typeof value === 'string' && (FREQUENCIES as readonly string[]).includes(value);

/** The more frequent of two execution frequencies. */
export function mostFrequent(a: Frequency | undefined, b: Frequency | undefined): Frequency | undefined {
  if (a === undefined) return b;
  if (b === undefined) return a;
  return RUNS_PER_DAY[b] > RUNS_PER_DAY[a] ? b : a;
}

function recorderFrom(recorder: ConfigurationRecorder, status: ConfigurationRecorderStatus | undefined): DiscoveredRecorder {
  const group = recorder.recordingGroup;
  const inclusion = group?.resourceTypes ?? [];
  const exclusion = group?.exclusionByResourceTypes?.resourceTypes ?? [];
  const strategy: RecordingStrategy =
    (group?.recordingStrategy?.useOnly as RecordingStrategy | undefined) ??
    (group?.allSupported !== false && inclusion.length === 0 && exclusion.length === 0
      ? 'ALL_SUPPORTED_RESOURCE_TYPES'
      : inclusion.length > 0
        ? 'INCLUSION_BY_RESOURCE_TYPES'
        : exclusion.length > 0
          ? 'EXCLUSION_BY_RESOURCE_TYPES'
          : 'ALL_SUPPORTED_RESOURCE_TYPES');
  const internal = recorder.recordingScope === 'INTERNAL' || (recorder.recordingScope === undefined && recorder.servicePrincipal !== undefined);
  return {
    name: recorder.name ?? 'default',
    arn: recorder.arn,
    roleARN: recorder.roleARN,
    recordingScope: internal ? 'INTERNAL' : 'PAID',
    servicePrincipal: recorder.servicePrincipal,
    recording: status?.recording ?? null,
    lastStatus: status?.lastStatus,
    lastErrorCode: status?.lastErrorCode,
    described: true,
    strategy,
    includeGlobalResourceTypes: group?.includeGlobalResourceTypes ?? false,
    resourceTypes: strategy === 'INCLUSION_BY_RESOURCE_TYPES' ? [...inclusion] : [],
    excludedResourceTypes: strategy === 'EXCLUSION_BY_RESOURCE_TYPES' ? [...exclusion] : [],
    recordingFrequency: recorder.recordingMode?.recordingFrequency === 'DAILY' ? 'DAILY' : 'CONTINUOUS',
    overrides: (recorder.recordingMode?.recordingModeOverrides ?? []).map((o) => ({
      resourceTypes: [...(o.resourceTypes ?? [])],
      recordingFrequency: o.recordingFrequency === 'DAILY' ? 'DAILY' : 'CONTINUOUS',
      description: o.description,
    })),
  };
}

/** A recorder known only by its summary (ListConfigurationRecorders): service-linked ones. */
function recorderFromSummary(summary: ConfigurationRecorderSummary): DiscoveredRecorder {
  const internal = summary.recordingScope !== 'PAID';
  return {
    name: summary.name ?? summary.arn ?? 'unnamed',
    arn: summary.arn,
    recordingScope: internal ? 'INTERNAL' : 'PAID',
    servicePrincipal: summary.servicePrincipal,
    recording: null,
    described: false,
    strategy: 'ALL_SUPPORTED_RESOURCE_TYPES',
    includeGlobalResourceTypes: false,
    resourceTypes: [],
    excludedResourceTypes: [],
    recordingFrequency: 'CONTINUOUS',
    overrides: [],
  };
}

function ruleFrom(rule: ConfigRule): DiscoveredRule {
  const details = rule.Source?.SourceDetails ?? [];
  let frequency: Frequency | undefined = isFrequency(rule.MaximumExecutionFrequency) ? rule.MaximumExecutionFrequency : undefined;
  for (const detail of details) {
    if (detail.MessageType === 'ScheduledNotification' && isFrequency(detail.MaximumExecutionFrequency)) {
      frequency = mostFrequent(frequency, detail.MaximumExecutionFrequency);
    }
  }
  return {
    name: rule.ConfigRuleName ?? rule.ConfigRuleId ?? 'unnamed-rule',
    arn: rule.ConfigRuleArn,
    state: rule.ConfigRuleState,
    owner: rule.Source?.Owner ?? 'AWS',
    sourceIdentifier: rule.Source?.SourceIdentifier,
    messageTypes: [...new Set(details.map((d) => d.MessageType).filter((t): t is NonNullable<typeof t> => t !== undefined))],
    maximumExecutionFrequency: frequency,
    scopeResourceTypes: [...(rule.Scope?.ComplianceResourceTypes ?? [])],
    scopeResourceId: rule.Scope?.ComplianceResourceId,
    createdBy: rule.CreatedBy,
    evaluationModes: (rule.EvaluationModes ?? []).map((m) => m.Mode).filter((m): m is NonNullable<typeof m> => m !== undefined),
  };
}

/**
 * Follows a paged call to its end. Errors are thrown as the SDK threw them (callers explain them); a token
 * seen twice (a server looping) stops with an error instead of paging forever.
 */
async function allPages<T>(call: string, region: string, fetch: (token: string | undefined) => Promise<T>, next: (page: T) => string | undefined): Promise<T[]> {
  const pages: T[] = [];
  const seen = new Set<string>();
  let token: string | undefined;
  do {
    const page = await fetch(token);
    pages.push(page);
    token = next(page) || undefined;
    if (token !== undefined && seen.has(token)) {
      throw new InputError(`discover: ${call} in ${region} returned the same page token twice; try again later`);
    }
    if (token !== undefined) seen.add(token);
  } while (token !== undefined);
  return pages;
}

/** A paged call whose failures become the one-line errors of explainAwsError. */
async function allPagesExplained<T>(call: string, region: string, fetch: (token: string | undefined) => Promise<T>, next: (page: T) => string | undefined): Promise<T[]> {
  try {
    return await allPages(call, region, fetch, next);
  } catch (error) {
    if (error instanceof InputError) throw error;
    throw explainAwsError(error, call, region);
  }
}

/** Errors that mean "this optional call is not allowed or not known here", not "the account is unreachable". */
const OPTIONAL_CALL_REFUSED = new Set(['AccessDeniedException', 'AccessDenied', 'UnknownOperationException', 'ValidationException']);

/**
 * Reads one region's AWS Config set-up: recorders (customer-managed and service-linked), rules, and the
 * discovered resource counts. Only calls `client.send`; every failure becomes a one-line InputError naming
 * the call and the region.
 */
export async function readConfigSetup(client: ConfigServiceClient, region: string): Promise<AccountConfigSetup> {
  const warnings: string[] = [];

  // The customer-managed recorder (DescribeConfigurationRecorders with no arguments returns only that one).
  const described = await awsCall('DescribeConfigurationRecorders', region, () => client.send(new DescribeConfigurationRecordersCommand({})));
  let statuses: ConfigurationRecorderStatus[] = [];
  if ((described.ConfigurationRecorders ?? []).length > 0) {
    try {
      statuses = (await client.send(new DescribeConfigurationRecorderStatusCommand({}))).ConfigurationRecordersStatus ?? [];
    } catch (error) {
      const name = (error as { name?: string }).name ?? '';
      if (OPTIONAL_CALL_REFUSED.has(name)) warnings.push(`${region}: DescribeConfigurationRecorderStatus refused (${name}): whether the recorder runs is not known`);
      else if (name !== 'NoSuchConfigurationRecorderException') throw explainAwsError(error, 'DescribeConfigurationRecorderStatus', region);
    }
  }
  const statusOf = (r: ConfigurationRecorder) => statuses.find((s) => (r.arn !== undefined && s.arn === r.arn) || s.name === r.name);
  const recorders = (described.ConfigurationRecorders ?? []).map((r) => recorderFrom(r, statusOf(r)));

  // Service-linked recorders (recordingScope INTERNAL) are listed, not described by default.
  try {
    const pages = await allPages(
      'ListConfigurationRecorders',
      region,
      (token) => client.send(new ListConfigurationRecordersCommand({ NextToken: token })),
      (page) => page.NextToken,
    );
    for (const summary of pages.flatMap((page) => page.ConfigurationRecorderSummaries ?? [])) {
      const known = recorders.some((r) => (summary.arn !== undefined && r.arn === summary.arn) || (r.arn === undefined && r.name === summary.name));
      if (!known) recorders.push(recorderFromSummary(summary));
    }
  } catch (error) {
    if (error instanceof InputError) throw error;
    const name = (error as { name?: string }).name ?? '';
    if (!OPTIONAL_CALL_REFUSED.has(name)) throw explainAwsError(error, 'ListConfigurationRecorders', region);
    warnings.push(`${region}: ListConfigurationRecorders refused (${name}): service-linked recorders, which are free, are not listed`);
  }

  const rulePages = await allPagesExplained(
    'DescribeConfigRules',
    region,
    (token) => client.send(new DescribeConfigRulesCommand({ NextToken: token })),
    (page) => page.NextToken,
  );
  const rules = rulePages.flatMap((page) => (page.ConfigRules ?? []).map(ruleFrom));

  const counts = new Map<string, number>();
  const countPages = await allPagesExplained(
    'GetDiscoveredResourceCounts',
    region,
    (token) => client.send(new GetDiscoveredResourceCountsCommand({ limit: 100, nextToken: token })),
    (page) => page.nextToken,
  );
  for (const c of countPages.flatMap((page) => page.resourceCounts ?? [])) {
    if (c.resourceType === undefined) continue;
    counts.set(c.resourceType, (counts.get(c.resourceType) ?? 0) + (c.count ?? 0));
  }

  const accounts = new Set(
    [...rules.map((r) => r.arn), ...recorders.flatMap((r) => [r.arn, r.roleARN])].map(accountOfArn).filter((a): a is string => a !== undefined),
  );
  if (accounts.size > 1) warnings.push(`${region}: ARNs name several accounts (${[...accounts].sort().join(', ')})`);

  return {
    account: [...accounts].sort()[0],
    region,
    recorders,
    rules,
    resourceCounts: [...counts].map(([resourceType, count]) => ({ resourceType, count })).sort((a, b) => (a.resourceType < b.resourceType ? -1 : 1)),
    warnings,
  };
}
