import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative, sep } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { runSimulate } from '../src/commands/simulate/index.js';
import { UsageError } from '../src/errors.js';
import { simulatedAccountIds } from '../src/simulate/accounts.js';
import { generateArchive } from '../src/simulate/generate.js';
import { DEFAULT_SIMULATE_OPTIONS, type SimulateOptions } from '../src/simulate/options.js';
import { createPrng } from '../src/core/prng.js';
import type { CloudTrailRecord, SimulatedArchive } from '../src/simulate/types.js';
import { writeArchive } from '../src/simulate/write.js';

const options = (overrides: Partial<SimulateOptions> = {}): SimulateOptions => ({ ...DEFAULT_SIMULATE_OPTIONS, ...overrides });
/** Small enough to write to disk quickly, busy enough to exercise every path. */
const SMALL = { days: 4, noisePerDay: 30, failedRate: 0.2, duplicateRate: 0.1 } as const;

const tempDirs: string[] = [];
async function tempDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'config-cost-simulate-'));
  tempDirs.push(dir);
  return dir;
}
afterAll(async () => {
  await Promise.all(tempDirs.map((d) => rm(d, { recursive: true, force: true })));
});

async function readTree(root: string): Promise<Map<string, Buffer>> {
  const files = new Map<string, Buffer>();
  for (const entry of await readdir(root, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const path = join(entry.parentPath, entry.name);
    files.set(relative(root, path).split(sep).join('/'), await readFile(path));
  }
  return files;
}

const allRecords = (archive: SimulatedArchive): CloudTrailRecord[] => archive.logFiles.flatMap((f) => f.records);
const uniqueRecords = (archive: SimulatedArchive): CloudTrailRecord[] => [
  ...new Map(allRecords(archive).map((r) => [r.eventID, r])).values(),
];
const seconds = (iso: string): number => Date.parse(iso) / 1000;
/** Made on behalf of ECS, as the estimator recognizes it: invokedBy, or the ECS service-linked role. */
const byEcs = (r: CloudTrailRecord): boolean =>
  r.userIdentity.invokedBy === 'ecs.amazonaws.com' ||
  r.userIdentity.sessionContext.sessionIssuer.userName === 'AWSServiceRoleForECS';
const ENI_EVENTS = ['CreateNetworkInterface', 'DeleteNetworkInterface'];
const isEni = (r: CloudTrailRecord): boolean => r.eventSource === 'ec2.amazonaws.com' && ENI_EVENTS.includes(r.eventName);
const isTaskEni = (r: CloudTrailRecord): boolean => isEni(r) && byEcs(r);
const byTime = (a: CloudTrailRecord, b: CloudTrailRecord): number => seconds(a.eventTime) - seconds(b.eventTime);
const keysOf = (value: unknown): string[] => Object.keys(value as object);

// The default 30-day archive is generated once (in memory, ~0.2 s) and shared by the read-only checks.
const defaults = generateArchive(options());
const busy = generateArchive(options({ ...SMALL, days: 10, accounts: 3, clusters: 2, services: 5 }));

describe('determinism', () => {
  it('writes byte-identical files for the same seed', async () => {
    const [a, b] = [await tempDir(), await tempDir()];
    await writeArchive(generateArchive(options({ ...SMALL, seed: 7 })), a);
    await writeArchive(generateArchive(options({ ...SMALL, seed: 7 })), b);
    const [filesA, filesB] = [await readTree(a), await readTree(b)];
    expect(filesA.size).toBeGreaterThan(10);
    expect([...filesA.keys()].sort()).toEqual([...filesB.keys()].sort());
    for (const [key, bytes] of filesA) expect(bytes.equals(filesB.get(key)!), key).toBe(true);
  });

  it('writes different archives for different seeds', () => {
    const a = generateArchive(options({ ...SMALL, seed: 1 }));
    const b = generateArchive(options({ ...SMALL, seed: 2 }));
    expect(a.manifest.accounts).not.toEqual(b.manifest.accounts);
    expect(JSON.stringify(a.logFiles)).not.toEqual(JSON.stringify(b.logFiles));
  });

  it('keeps an account unchanged when more accounts are added', () => {
    const one = generateArchive(options({ ...SMALL, accounts: 1 }));
    const three = generateArchive(options({ ...SMALL, accounts: 3 }));
    const first = three.manifest.accounts[0]!;
    expect(three.logFiles.filter((f) => f.key.includes(`/${first}/`))).toEqual(one.logFiles);
  });

  it('draws the same PRNG sequence for the same seed', () => {
    const a = createPrng(42);
    const b = createPrng(42);
    const draws = Array.from({ length: 5 }, () => a.uuid());
    expect(Array.from({ length: 5 }, () => b.uuid())).toEqual(draws);
    for (const id of draws) expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });
});

describe('accounts', () => {
  it('names the first account of seed 1 111122223333 and gives every account a distinct 12-digit id', () => {
    expect(defaults.manifest.accounts).toEqual(['111122223333']);
    const ids = simulatedAccountIds(5, 40);
    expect(new Set(ids).size).toBe(40);
    for (const id of ids) expect(id).toMatch(/^(\d)\1{3}(\d)\2{3}(\d)\3{3}$/);
  });
});

describe('layout', () => {
  const LOG_KEY =
    /^AWSLogs\/(\d{12})\/CloudTrail\/([a-z0-9-]+)\/(\d{4})\/(\d{2})\/(\d{2})\/\1_CloudTrail_\2_(\d{8})T(\d{4})Z_[A-Za-z0-9]{16}\.json\.gz$/;
  const DIGEST_KEY =
    /^AWSLogs\/(\d{12})\/CloudTrail-Digest\/([a-z0-9-]+)\/(\d{4})\/(\d{2})\/(\d{2})\/\1_CloudTrail-Digest_\2_[\w-]+_\2_(\d{8})T(\d{6})Z\.json\.gz$/;

  it('names log files like CloudTrail, with the folder date equal to the delivery date in the name', () => {
    for (const file of busy.logFiles) {
      const match = LOG_KEY.exec(file.key);
      expect(match, file.key).not.toBeNull();
      const [, account, region, y, m, d, stamp, hhmm] = match!;
      expect(busy.manifest.accounts).toContain(account);
      expect(region).toBe('us-east-1');
      expect(`${y}${m}${d}`).toBe(stamp);
      expect(file.deliveredAt).toBe(`${y}-${m}-${d}T${hhmm!.slice(0, 2)}:${hhmm!.slice(2)}:00Z`);
    }
    expect(new Set(busy.logFiles.map((f) => f.key)).size).toBe(busy.logFiles.length);
  });

  it('delivers each record 5-15 minutes after it happened (first delivery), never before', () => {
    const firstDelivery = new Map<string, number>();
    for (const file of busy.logFiles) {
      for (const record of file.records) {
        const lag = seconds(file.deliveredAt) - seconds(record.eventTime);
        expect(lag).toBeGreaterThanOrEqual(5 * 60);
        firstDelivery.set(record.eventID, Math.min(lag, firstDelivery.get(record.eventID) ?? Infinity));
      }
    }
    for (const lag of firstDelivery.values()) expect(lag).toBeLessThanOrEqual(15 * 60);
  });

  it("puts some late-evening records in the next day's folder", () => {
    const crossesMidnight = defaults.logFiles.some((f) =>
      f.records.some((r) => r.eventTime.slice(0, 10) < f.deliveredAt.slice(0, 10)),
    );
    expect(crossesMidnight).toBe(true);
  });

  it('does not keep records inside a file in time order', () => {
    const unsorted = defaults.logFiles.some((f) => f.records.some((r, i) => i > 0 && r.eventTime < f.records[i - 1]!.eventTime));
    expect(unsorted).toBe(true);
  });

  it('writes one digest per account per delivery day that lists exactly the log files delivered', () => {
    const listed: string[] = [];
    for (const digest of busy.digestFiles) {
      expect(DIGEST_KEY.exec(digest.key), digest.key).not.toBeNull();
      const { body } = digest;
      expect(body.digestS3Object).toBe(digest.key);
      expect(seconds(body.digestEndTime) - seconds(body.digestStartTime)).toBe(86_400);
      for (const entry of body.logFiles) {
        const file = busy.logFiles.find((f) => f.key === entry.s3Object)!;
        expect(file.key.includes(`/${body.awsAccountId}/`)).toBe(true);
        expect(file.deliveredAt >= body.digestStartTime && file.deliveredAt < body.digestEndTime).toBe(true);
        expect(entry.hashValue).toMatch(/^[0-9a-f]{64}$/);
        listed.push(entry.s3Object);
      }
    }
    expect(listed.sort()).toEqual(busy.logFiles.map((f) => f.key).sort());
    const daysPerAccount = busy.digestFiles.length / busy.manifest.accounts.length;
    expect(daysPerAccount).toBeGreaterThanOrEqual(10);
    expect(daysPerAccount).toBeLessThanOrEqual(11);
  });

  it('chains each digest to the previous one of the same account', () => {
    for (const account of busy.manifest.accounts) {
      const digests = busy.digestFiles.filter((d) => d.body.awsAccountId === account);
      expect(digests[0]!.body.previousDigestS3Object).toBeNull();
      for (let i = 1; i < digests.length; i++) {
        expect(digests[i]!.body.previousDigestS3Object).toBe(digests[i - 1]!.key);
      }
    }
  });

  it('uses the organization layout when asked', () => {
    const org = generateArchive(options({ ...SMALL, organization: true, accounts: 2 }));
    for (const file of [...org.logFiles, ...org.digestFiles]) {
      expect(file.key).toMatch(/^AWSLogs\/o-exampleorgid\/\d{12}\/CloudTrail(-Digest)?\//);
    }
  });
});

describe('records', () => {
  const from = seconds(defaults.manifest.window.from);
  const to = seconds(defaults.manifest.window.to);

  it('places every record inside the requested window: 2026-10-03 up to, not including, 2026-11-02', () => {
    expect(defaults.manifest.window).toEqual({ from: '2026-10-03T00:00:00Z', to: '2026-11-02T00:00:00Z', days: 30 });
    for (const r of allRecords(defaults)) {
      expect(r.eventTime).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/);
      expect(seconds(r.eventTime)).toBeGreaterThanOrEqual(from);
      expect(seconds(r.eventTime)).toBeLessThan(to);
    }
    const days = new Set(allRecords(defaults).map((r) => r.eventTime.slice(0, 10)));
    expect(days.size).toBe(30);
  });

  it('gives every record the CloudTrail fields and a unique UUID-shaped eventID', () => {
    const records = uniqueRecords(defaults);
    const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
    for (const r of records) {
      expect(r).toMatchObject({
        eventVersion: '1.08',
        awsRegion: 'us-east-1',
        eventType: 'AwsApiCall',
        managementEvent: true,
        recipientAccountId: '111122223333',
        eventCategory: 'Management',
      });
      expect(r.eventID).toMatch(uuid);
      expect(r.requestID).toMatch(uuid);
      expect(typeof r.readOnly).toBe('boolean');
      expect(r.userIdentity.accountId).toBe('111122223333');
      expect(keysOf(r)).toContain('responseElements');
    }
    expect(new Set(records.map((r) => r.requestID)).size).toBe(records.length);
  });

  it('delivers duplicates identically, in a different file', () => {
    const seen = new Map<string, { file: string; json: string }>();
    let duplicates = 0;
    for (const file of busy.logFiles) {
      for (const record of file.records) {
        const earlier = seen.get(record.eventID);
        if (!earlier) {
          seen.set(record.eventID, { file: file.key, json: JSON.stringify(record) });
          continue;
        }
        duplicates++;
        expect(earlier.file).not.toBe(file.key);
        expect(JSON.stringify(record)).toBe(earlier.json);
      }
    }
    expect(duplicates).toBeGreaterThan(0);
  });

  it('marks failed attempts with errorCode and errorMessage, no response, a moment before the real call', () => {
    const records = uniqueRecords(busy);
    const failed = records.filter((r) => r.errorCode !== undefined);
    expect(failed.length).toBeGreaterThan(0);
    for (const f of failed) {
      expect(['RegisterTaskDefinition', 'UpdateService']).toContain(f.eventName);
      expect(f.errorMessage).toBeTruthy();
      expect(f.responseElements).toBeNull();
      const retry = records.find(
        (r) =>
          r.errorCode === undefined &&
          r.eventName === f.eventName &&
          r.recipientAccountId === f.recipientAccountId &&
          JSON.stringify(r.requestParameters) === JSON.stringify(f.requestParameters),
      );
      expect(retry, f.eventID).toBeDefined();
      const gap = seconds(retry!.eventTime) - seconds(f.eventTime);
      expect(gap).toBeGreaterThanOrEqual(1);
      expect(gap).toBeLessThanOrEqual(2);
    }
  });

  it('makes auto scaling and forced redeploys UpdateService calls with exactly the documented request fields', () => {
    const updates = uniqueRecords(defaults).filter((r) => r.eventName === 'UpdateService' && !r.errorCode);
    const autoscaling = updates.filter((r) => 'desiredCount' in r.requestParameters!);
    const forced = updates.filter((r) => 'forceNewDeployment' in r.requestParameters!);
    expect(autoscaling.length).toBeGreaterThan(0);
    expect(forced.length).toBeGreaterThan(0);
    for (const r of autoscaling) {
      expect(keysOf(r.requestParameters)).toEqual(['cluster', 'service', 'desiredCount']);
      expect(r.userIdentity.sessionContext.sessionIssuer.userName).toBe('AWSServiceRoleForApplicationAutoScaling_ECSService');
      expect(r.userIdentity.invokedBy).toBe('ecs.application-autoscaling.amazonaws.com');
      expect(r.sourceIPAddress).toBe('ecs.application-autoscaling.amazonaws.com');
      expect(r.userAgent).toBe('ecs.application-autoscaling.amazonaws.com');
    }
    for (const r of forced) expect(r.requestParameters).toEqual({ cluster: expect.any(String), service: expect.any(String), forceNewDeployment: true });
  });

  it('registers revisions 1, 2, 3 ... per family, deploys the new one and deregisters the one before (by name or ARN)', () => {
    const records = uniqueRecords(busy)
      .filter((r) => !r.errorCode)
      .sort((a, b) => (a.eventTime < b.eventTime ? -1 : a.eventTime > b.eventTime ? 1 : 0));
    const latest = new Map<string, number>();
    const forms = new Set<string>();
    for (const r of records) {
      const account = r.recipientAccountId;
      const request = r.requestParameters as Record<string, unknown>;
      if (r.eventName === 'RegisterTaskDefinition') {
        const td = (r.responseElements as { taskDefinition: { family: string; revision: number; taskDefinitionArn: string } })
          .taskDefinition;
        const key = `${account}/${td.family}`;
        expect(td.revision).toBe((latest.get(key) ?? 0) + 1);
        expect(td.taskDefinitionArn).toBe(`arn:aws:ecs:us-east-1:${account}:task-definition/${td.family}:${td.revision}`);
        latest.set(key, td.revision);
      } else if (r.eventName === 'UpdateService' && 'taskDefinition' in request) {
        expect(request.taskDefinition).toBe(`${String(request.service)}:${latest.get(`${account}/${String(request.service)}`)}`);
      } else if (r.eventName === 'DeregisterTaskDefinition') {
        const name = String(request.taskDefinition);
        forms.add(name.startsWith('arn:') ? 'arn' : 'family:revision');
        const [family, revision] = name.replace(/^arn:.*:task-definition\//, '').split(':');
        expect(Number(revision)).toBe(latest.get(`${account}/${family}`)! - 1);
      }
    }
    expect(forms).toEqual(new Set(['arn', 'family:revision']));
  });

  it('deploys each service deploysPerDay times on weekdays and round(deploysPerDay / 3) on weekends', () => {
    const pushes = new Map<string, number>();
    for (const r of uniqueRecords(defaults).filter((r) => r.eventName === 'PutImage')) {
      const key = `${r.eventTime.slice(0, 10)} ${String(r.requestParameters!.repositoryName)}`;
      pushes.set(key, (pushes.get(key) ?? 0) + 1);
    }
    for (const [key, count] of pushes) {
      const weekday = new Date(`${key.slice(0, 10)}T00:00:00Z`).getUTCDay();
      expect(count, key).toBe(weekday === 0 || weekday === 6 ? 1 : 3);
    }
    expect(pushes.size).toBe(30 * 4);
  });

  it('keeps about 80% of background records read-only, and none of them touch ECS or ECR resources', () => {
    const { readOnly, unrelatedWrites } = defaults.manifest.records;
    expect(readOnly / (readOnly + unrelatedWrites)).toBeGreaterThan(0.75);
    expect(readOnly / (readOnly + unrelatedWrites)).toBeLessThan(0.85);
    const containerSources = ['ecs.amazonaws.com', 'ecr.amazonaws.com'];
    for (const r of uniqueRecords(defaults)) {
      if (r.readOnly) continue;
      // ENIs are the task model's, never noise: all of them by ECS.
      if (r.eventSource === 'ec2.amazonaws.com') expect(isTaskEni(r), r.eventName).toBe(true);
      if (!containerSources.includes(r.eventSource)) continue;
      expect([
        'CreateCluster',
        'CreateRepository',
        'RegisterTaskDefinition',
        'CreateService',
        'PutImage',
        'UpdateService',
        'DeregisterTaskDefinition',
      ]).toContain(r.eventName);
    }
  });
});

describe('task network interfaces (awsvpc)', () => {
  const oneTask = generateArchive(options({ ...SMALL, days: 10, tasksPerService: 1, autoscalingPerDay: 4 }));
  const manyTasks = generateArchive(options({ ...SMALL, days: 6, accounts: 2, tasksPerService: 7 }));
  const archives: [string, SimulatedArchive, number][] = [
    ['the defaults', defaults, 2],
    ['3 accounts, 2 clusters, 5 services', busy, 2],
    ['1 task per service, 4 auto scaling changes a day', oneTask, 1],
    ['7 tasks per service, 2 accounts', manyTasks, 7],
  ];
  const serviceOf = (r: CloudTrailRecord): string => {
    const eni = (r.responseElements as { networkInterface: { groupSet: { items: { groupName: string }[] } } }).networkInterface;
    return `${r.recipientAccountId}/${eni.groupSet.items[0]!.groupName.replace(/-tasks$/, '')}`;
  };

  it.each(archives)('deletes only ENIs created earlier for the same service, each once (%s)', (_label, archive, tasks) => {
    const enis = uniqueRecords(archive).filter(isEni).sort(byTime);
    const created = new Map<string, { service: string; time: number }>();
    const deleted = new Set<string>();
    for (const r of enis) {
      if (r.eventName === 'CreateNetworkInterface') {
        const id = (r.responseElements as { networkInterface: { networkInterfaceId: string } }).networkInterface.networkInterfaceId;
        expect(created.has(id), id).toBe(false);
        created.set(id, { service: serviceOf(r), time: seconds(r.eventTime) });
      } else {
        const id = String(r.requestParameters!.networkInterfaceId);
        const origin = created.get(id);
        expect(origin, `${id} deleted at ${r.eventTime} was never created`).toBeDefined();
        expect(origin!.time).toBeLessThan(seconds(r.eventTime));
        expect(origin!.service.startsWith(`${r.recipientAccountId}/`)).toBe(true);
        expect(deleted.has(id), `${id} deleted twice`).toBe(false);
        deleted.add(id);
      }
    }
    expect(deleted.size).toBeGreaterThan(0);

    // What is left running at the end is each service's last desiredCount, near tasksPerService.
    const live = new Map<string, number>();
    for (const [id, { service }] of created) if (!deleted.has(id)) live.set(service, (live.get(service) ?? 0) + 1);
    const desired = new Map<string, number>();
    for (const r of uniqueRecords(archive).filter((r) => !r.errorCode).sort(byTime)) {
      const request = r.requestParameters as Record<string, unknown> | null;
      if (r.eventName === 'CreateService') desired.set(`${r.recipientAccountId}/${String(request!.serviceName)}`, Number(request!.desiredCount));
      if (r.eventName === 'UpdateService' && 'desiredCount' in request!) {
        const key = `${r.recipientAccountId}/${String(request!.service)}`;
        expect(Math.abs(Number(request!.desiredCount) - desired.get(key)!)).toBe(1);
        desired.set(key, Number(request!.desiredCount));
      }
    }
    expect(desired.size).toBe(archive.manifest.actions.servicesCreated);
    for (const [service, count] of desired) {
      expect(live.get(service) ?? 0, service).toBe(count);
      expect(count).toBeGreaterThanOrEqual(Math.max(1, tasks - 1));
      expect(count).toBeLessThanOrEqual(tasks + 1);
    }
  });

  it.each(archives)('replaces every running task on each deploy and forced redeploy (%s)', (_label, archive, tasks) => {
    const records = uniqueRecords(archive).filter((r) => !r.errorCode);
    const creates = records.filter((r) => isEni(r) && r.eventName === 'CreateNetworkInterface');
    const replacements = records.filter(
      (r) => r.eventName === 'UpdateService' && ('taskDefinition' in r.requestParameters! || 'forceNewDeployment' in r.requestParameters!),
    );
    expect(replacements.length).toBeGreaterThan(0);
    for (const u of replacements) {
      const service = `${u.recipientAccountId}/${String(u.requestParameters!.service)}`;
      const t = seconds(u.eventTime);
      // The new tasks' ENIs come within 30 seconds; the service's previous action is at least 90 seconds back.
      const started = creates.filter((r) => serviceOf(r) === service && seconds(r.eventTime) > t && seconds(r.eventTime) <= t + 30);
      expect(started.length, `${service} at ${u.eventTime}`).toBeGreaterThanOrEqual(Math.max(1, tasks - 1));
      expect(started.length, `${service} at ${u.eventTime}`).toBeLessThanOrEqual(tasks + 1);
    }
  });

  it('makes ENI records as ECS, through its service-linked role, with the fields CloudTrail records', () => {
    const enis = uniqueRecords(busy).filter(isEni);
    expect(enis.length).toBeGreaterThan(0);
    for (const r of enis) {
      expect(r.userIdentity.invokedBy).toBe('ecs.amazonaws.com');
      expect(r.userIdentity.sessionContext.sessionIssuer.userName).toBe('AWSServiceRoleForECS');
      expect(r.sourceIPAddress).toBe('ecs.amazonaws.com');
      expect(r.readOnly).toBe(false);
      expect(r.errorCode).toBeUndefined();
      if (r.eventName === 'DeleteNetworkInterface') {
        expect(r.requestParameters).toEqual({ networkInterfaceId: expect.stringMatching(/^eni-[0-9a-f]{17}$/) });
        continue;
      }
      const request = r.requestParameters as { subnetId: string; description: string; groupSet: { items: { groupId: string }[] } };
      expect(keysOf(request)).toEqual(['subnetId', 'description', 'groupSet']);
      expect(request.description).toMatch(
        new RegExp(`^arn:aws:ecs:us-east-1:${r.recipientAccountId}:attachment/[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$`),
      );
      const eni = (r.responseElements as { networkInterface: Record<string, unknown> }).networkInterface;
      expect(eni).toMatchObject({
        networkInterfaceId: expect.stringMatching(/^eni-[0-9a-f]{17}$/),
        subnetId: request.subnetId,
        vpcId: expect.stringMatching(/^vpc-[0-9a-f]{17}$/),
        description: request.description,
        status: 'pending',
        groupSet: { items: [{ groupId: request.groupSet.items[0]!.groupId }] },
      });
    }
  });

  it('makes no ENI records at all with tasksPerService 0, and keeps the rest of the scenario', () => {
    const none = generateArchive(options({ ...SMALL, tasksPerService: 0 }));
    expect(allRecords(none).filter(isEni)).toEqual([]);
    expect(allRecords(none).some((r) => r.eventSource === 'ec2.amazonaws.com' && !r.readOnly)).toBe(false);
    expect(none.manifest.actions).toMatchObject({ networkInterfacesCreated: 0, networkInterfacesDeleted: 0 });
    expect(none.manifest.expectedConfigurationItems['AWS::EC2::NetworkInterface']).toBe(0);
    expect(none.manifest.actions.deploys).toBeGreaterThan(0);
    expect(none.manifest.actions.autoscalingUpdates).toBeGreaterThan(0);
    expect(none.manifest).toEqual({ ...none.manifest, ...recount(none) });
  });

  it('counts 1 NetworkInterface CI per ENI created or deleted, and more tasks make more', () => {
    for (const [, archive] of archives) {
      const { actions, expectedConfigurationItems } = archive.manifest;
      expect(expectedConfigurationItems['AWS::EC2::NetworkInterface']).toBe(actions.networkInterfacesCreated + actions.networkInterfacesDeleted);
      // Everything started is stopped again but the tasks still running at the end.
      expect(actions.networkInterfacesCreated - actions.networkInterfacesDeleted).toBeGreaterThanOrEqual(actions.servicesCreated);
    }
    const perTask = (n: number) => generateArchive(options({ ...SMALL, tasksPerService: n })).manifest.actions.networkInterfacesCreated;
    expect(perTask(4)).toBeGreaterThan(perTask(2));
  });

  it('generates the same ENI records for the same options', () => {
    const a = generateArchive(options({ ...SMALL, seed: 11, tasksPerService: 5 }));
    const b = generateArchive(options({ ...SMALL, seed: 11, tasksPerService: 5 }));
    expect(allRecords(a).filter(isEni).length).toBeGreaterThan(0);
    expect(JSON.stringify(a)).toBe(JSON.stringify(b));
  });
});

/**
 * Recounts everything from the records alone, with the documented CI rules, independently of the
 * generator's bookkeeping: if the two disagree, one of them is wrong.
 */
function recount(archive: SimulatedArchive) {
  const delivered = allRecords(archive);
  const unique = uniqueRecords(archive);
  const ok = unique.filter((r) => r.errorCode === undefined);
  const [from, to] = [seconds(archive.manifest.window.from), seconds(archive.manifest.window.to)];
  const inWindow = (r: CloudTrailRecord) => seconds(r.eventTime) >= from && seconds(r.eventTime) < to;
  const count = (name: string, where: (r: CloudTrailRecord) => boolean = () => true) =>
    ok.filter((r) => r.eventName === name && where(r)).length;
  const has = (field: string) => (r: CloudTrailRecord) => r.requestParameters !== null && field in r.requestParameters;
  const actions = {
    clustersCreated: count('CreateCluster'),
    repositoriesCreated: count('CreateRepository'),
    servicesCreated: count('CreateService'),
    deploys: count('UpdateService', has('taskDefinition')),
    imagePushes: count('PutImage'),
    autoscalingUpdates: count('UpdateService', has('desiredCount')),
    forcedRedeploys: count('UpdateService', has('forceNewDeployment')),
    deregistrations: count('DeregisterTaskDefinition'),
    networkInterfacesCreated: count('CreateNetworkInterface', (r) => byEcs(r) && inWindow(r)),
    networkInterfacesDeleted: count('DeleteNetworkInterface', (r) => byEcs(r) && inWindow(r)),
  };
  return {
    files: { logFiles: archive.logFiles.length, digestFiles: archive.digestFiles.length },
    records: {
      total: delivered.length,
      unique: unique.length,
      duplicates: delivered.length - unique.length,
      failed: unique.length - ok.length,
      readOnly: unique.filter((r) => r.readOnly).length,
      unrelatedWrites: unique.filter(
        (r) => !r.readOnly && !['ecs.amazonaws.com', 'ecr.amazonaws.com'].includes(r.eventSource) && !isTaskEni(r),
      ).length,
    },
    actions,
    expectedConfigurationItems: {
      'AWS::ECS::Cluster': actions.clustersCreated,
      'AWS::ECR::Repository': actions.repositoriesCreated,
      // CreateService 1, task definition change 1, desiredCount change 1, forced redeploy 0.
      'AWS::ECS::Service': actions.servicesCreated + actions.deploys + actions.autoscalingUpdates,
      // Every successful registration 1; deregistering a superseded revision 0.
      'AWS::ECS::TaskDefinition': count('RegisterTaskDefinition'),
      // Every ENI ECS creates or deletes for a task: 1.
      'AWS::EC2::NetworkInterface': actions.networkInterfacesCreated + actions.networkInterfacesDeleted,
    },
  };
}

describe('manifest', () => {
  it.each([
    ['the defaults', defaults],
    ['3 accounts, 2 clusters, 5 services, 20% failures, 10% duplicates', busy],
  ])('matches counts recomputed from the records (%s)', (_label, archive) => {
    const { manifest } = archive;
    const expected = recount(archive);
    expect(manifest.files).toEqual(expected.files);
    expect(manifest.records).toEqual(expected.records);
    expect(manifest.actions).toEqual(expected.actions);
    expect(manifest.expectedConfigurationItems).toEqual(expected.expectedConfigurationItems);
    expect(manifest.records.duplicates).toBeGreaterThan(0);
    expect(manifest.records.failed).toBeGreaterThan(0);
  });

  it('labels itself synthetic and echoes the options', () => {
    expect(defaults.manifest).toMatchObject({
      synthetic: true,
      generator: 'config-cost simulate',
      seed: 1,
      region: 'us-east-1',
      actions: { clustersCreated: 1, repositoriesCreated: 4, servicesCreated: 4 },
    });
  });
});

describe('runSimulate', () => {
  const silent = { stdout: () => {}, stderr: () => {} };

  it('writes the archive and the manifest, and prints a one-paragraph summary', async () => {
    const out = await tempDir();
    const printed: string[] = [];
    const result = await runSimulate(
      { ...SMALL, out: 'archive', manifest: 'truth/manifest.json', cwd: out },
      { stdout: (s) => printed.push(s), stderr: () => {} },
    );
    const files = await readTree(join(out, 'archive'));
    expect(files.size).toBe(result.manifest.files.logFiles + result.manifest.files.digestFiles);
    expect(result.written.files).toBe(files.size);
    expect(result.written.bytes).toBe([...files.values()].reduce((sum, b) => sum + b.length, 0));

    const someLogFile = [...files.entries()].find(([key]) => key.includes('/CloudTrail/'))!;
    const body = JSON.parse(gunzipSync(someLogFile[1]).toString('utf8')) as { Records: unknown[] };
    expect(keysOf(body)).toEqual(['Records']);
    expect(body.Records.length).toBeGreaterThan(0);

    const manifest: unknown = JSON.parse(await readFile(join(out, 'truth', 'manifest.json'), 'utf8'));
    expect(manifest).toEqual(result.manifest);

    const text = printed.join('');
    expect(text.trimEnd().split('\n')).toHaveLength(1);
    expect(text).toContain('SYNTHETIC');
    expect(text).toContain(`${result.manifest.records.total.toLocaleString('en-US')} records`);
    const { networkInterfacesCreated, networkInterfacesDeleted } = result.manifest.actions;
    const n = (v: number) => v.toLocaleString('en-US');
    expect(text).toContain(`${n(networkInterfacesCreated)} task network interfaces created and ${n(networkInterfacesDeleted)} deleted`);
    expect(text).toContain(`${n(networkInterfacesCreated + networkInterfacesDeleted)} AWS::EC2::NetworkInterface`);
  });

  it('takes tasksPerService', async () => {
    const out = await tempDir();
    const none = await runSimulate({ ...SMALL, days: 2, tasksPerService: 0, out }, silent);
    expect(none.options.tasksPerService).toBe(0);
    expect(none.manifest.expectedConfigurationItems['AWS::EC2::NetworkInterface']).toBe(0);
    const defaultsRun = await runSimulate({ ...SMALL, days: 2, out: join(out, 'b') }, silent);
    expect(defaultsRun.options.tasksPerService).toBe(2);
    expect(defaultsRun.manifest.actions.networkInterfacesCreated).toBeGreaterThan(0);
  });

  it('refuses to write into a folder that already holds an archive', async () => {
    const out = await tempDir();
    await runSimulate({ ...SMALL, days: 1, out }, silent);
    await expect(runSimulate({ ...SMALL, days: 1, seed: 2, out }, silent)).rejects.toThrow(/already holds an AWSLogs/);
  });

  it.each([
    [{ days: -1 }, /--days/],
    [{ days: 1.5 }, /--days/],
    [{ seed: -3 }, /--seed/],
    [{ accounts: 0 }, /--accounts/],
    [{ noisePerDay: -10 }, /--noise-per-day/],
    [{ forcedRedeploysPerDay: Number.NaN }, /--forced-redeploys-per-day/],
    [{ failedRate: 1.5 }, /--failed-rate/],
    [{ tasksPerService: -1 }, /--tasks-per-service/],
    [{ tasksPerService: 2.5 }, /--tasks-per-service/],
    [{ tasksPerService: 1001 }, /--tasks-per-service/],
    [{ until: '2026-02-30' }, /--until/],
    [{ until: 'next tuesday' }, /--until/],
    [{ region: 'US East' }, /--region/],
  ] as [Partial<SimulateOptions>, RegExp][])('rejects %o with a one-line UsageError', async (bad, message) => {
    const error = await runSimulate({ out: '/nonexistent/never-written', ...bad }, silent).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UsageError);
    expect((error as Error).message).toMatch(message);
    expect((error as Error).message).not.toContain('\n');
  });

  it('requires --out', async () => {
    await expect(runSimulate({}, silent)).rejects.toThrow(UsageError);
    await expect(runSimulate({ out: '  ' }, silent)).rejects.toThrow(/--out/);
  });
});

describe('PutEvaluations records (the putEvaluations option)', () => {
  const RULES = [
    { name: 'ecs-containers-nonprivileged', resourceTypes: ['AWS::ECS::TaskDefinition'] },
    { name: 'securityhub-ecs-fargate-latest-platform-version-a1b2c3', resourceTypes: ['AWS::ECS::Service'] },
    { name: 'team-eni-tagging', resourceTypes: ['AWS::EC2::NetworkInterface'] },
  ] as const;
  const shape = { ...SMALL, days: 5, accounts: 2, services: 3 };
  const without = generateArchive(options(shape));
  const withRules = generateArchive(options({ ...shape, putEvaluations: RULES }));
  const isPut = (r: CloudTrailRecord) => r.eventSource === 'config.amazonaws.com' && r.eventName === 'PutEvaluations';
  const puts = uniqueRecords(withRules).filter(isPut);

  it('leaves the archive as it is when the option is absent or empty', () => {
    expect(JSON.stringify(generateArchive(options({ ...shape, putEvaluations: [] })))).toBe(JSON.stringify(without));
    expect(without.manifest).not.toHaveProperty('expectedRuleEvaluations');
    expect(allRecords(without).some(isPut)).toBe(false);
  });

  it('adds the evaluation records and changes no other activity', () => {
    const others = uniqueRecords(withRules).filter((r) => !isPut(r));
    expect(new Map(others.map((r) => [r.eventID, r]))).toEqual(new Map(uniqueRecords(without).map((r) => [r.eventID, r])));
    expect(withRules.manifest.actions).toEqual(without.manifest.actions);
    expect(withRules.manifest.expectedConfigurationItems).toEqual(without.manifest.expectedConfigurationItems);
  });

  it('makes one call per evaluated CI per rule, and the manifest says how many per rule and day', () => {
    const cis = withRules.manifest.expectedConfigurationItems as unknown as Record<string, number>;
    const expected = withRules.manifest.expectedRuleEvaluations!;
    for (const rule of RULES) {
      const mine = puts.filter((r) => r.additionalEventData?.configRuleName === rule.name);
      expect(mine.length, rule.name).toBe(rule.resourceTypes.reduce((s, t) => s + (cis[t] ?? 0), 0));
      expect(expected[rule.name]!.total).toBe(mine.length);
      const byDay: Record<string, number> = {};
      for (const r of mine) byDay[r.eventTime.slice(0, 10)] = (byDay[r.eventTime.slice(0, 10)] ?? 0) + 1;
      expect(expected[rule.name]!.byDay).toEqual(Object.fromEntries(Object.entries(byDay).sort()));
    }
  });

  it('writes them as AWS Config does: config.amazonaws.com by the Config service role, one evaluation each, in the window', () => {
    const [from, to] = [seconds(withRules.manifest.window.from), seconds(withRules.manifest.window.to)];
    expect(puts.length).toBeGreaterThan(50);
    for (const r of puts) {
      expect(r.readOnly).toBe(false);
      expect(r.errorCode).toBeUndefined();
      expect(r.userIdentity.invokedBy).toBe('config.amazonaws.com');
      expect(r.userIdentity.sessionContext.sessionIssuer.userName).toBe('AWSServiceRoleForConfig');
      const evaluations = (r.requestParameters as { evaluations: { complianceResourceType: string }[] }).evaluations;
      expect(evaluations).toHaveLength(1);
      const rule = RULES.find((x) => x.name === r.additionalEventData?.configRuleName)!;
      expect(rule.resourceTypes).toContain(evaluations[0]!.complianceResourceType);
      expect(seconds(r.eventTime)).toBeGreaterThanOrEqual(from);
      expect(seconds(r.eventTime)).toBeLessThan(to);
    }
    // Field order as CloudTrail writes it: additionalEventData after responseElements.
    expect(Object.keys(puts[0]!).indexOf('additionalEventData')).toBe(Object.keys(puts[0]!).indexOf('responseElements') + 1);
  });

  it('keeps the manifest consistent with a recount of the records (evaluations are unrelated writes to the estimate)', () => {
    const expected = recount(withRules);
    expect(withRules.manifest.records).toEqual(expected.records);
    expect(withRules.manifest.records.unrelatedWrites).toBe(without.manifest.records.unrelatedWrites + puts.length);
  });
});
