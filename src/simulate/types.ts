/** The shapes the simulator produces: CloudTrail records, the files that carry them, and the manifest. */

export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };
export type JsonObject = { [key: string]: JsonValue };

export interface SessionIssuer {
  type: 'Role';
  principalId: string;
  arn: string;
  accountId: string;
  userName: string;
}

export interface UserIdentity {
  type: 'AssumedRole';
  principalId: string;
  arn: string;
  accountId: string;
  accessKeyId?: string;
  sessionContext: {
    sessionIssuer: SessionIssuer;
    webIdFederationData: Record<string, never>;
    attributes: { creationDate: string; mfaAuthenticated: 'true' | 'false' };
  };
  invokedBy?: string;
}

/** One CloudTrail management event, fields in the order CloudTrail writes them. */
export interface CloudTrailRecord {
  eventVersion: '1.08';
  userIdentity: UserIdentity;
  eventTime: string;
  eventSource: string;
  eventName: string;
  awsRegion: string;
  sourceIPAddress: string;
  userAgent: string;
  errorCode?: string;
  errorMessage?: string;
  requestParameters: JsonObject | null;
  responseElements: JsonObject | null;
  /** Only on calls that carry it (PutEvaluations: the rule's name); absent everywhere else. */
  additionalEventData?: JsonObject;
  requestID: string;
  eventID: string;
  readOnly: boolean;
  eventType: 'AwsApiCall';
  managementEvent: true;
  recipientAccountId: string;
  eventCategory: 'Management';
}

/** A record with its time as epoch seconds, so delivery can slot it without reparsing. */
export interface TimedRecord {
  time: number;
  record: CloudTrailRecord;
}

/** One gzipped `{"Records":[...]}` file; `key` is its S3 key relative to the bucket root. */
export interface LogFile {
  key: string;
  /** ISO time the file was delivered (the folder date and the name's timestamp come from it). */
  deliveredAt: string;
  records: CloudTrailRecord[];
}

export interface DigestLogFileEntry {
  s3Bucket: string;
  s3Object: string;
  hashValue: string;
  hashAlgorithm: 'SHA-256';
  newestEventTime: string;
  oldestEventTime: string;
}

export interface DigestBody {
  awsAccountId: string;
  digestStartTime: string;
  digestEndTime: string;
  digestS3Bucket: string;
  digestS3Object: string;
  digestPublicKeyFingerprint: string;
  digestSignatureAlgorithm: 'SHA256withRSA';
  newestEventTime: string | null;
  oldestEventTime: string | null;
  previousDigestS3Bucket: string | null;
  previousDigestS3Object: string | null;
  previousDigestHashValue: string | null;
  previousDigestHashAlgorithm: 'SHA-256' | null;
  previousDigestSignature: string | null;
  logFiles: DigestLogFileEntry[];
}

export interface DigestFile {
  key: string;
  deliveredAt: string;
  body: DigestBody;
}

/** What the simulated accounts did, counted while generating (never by replaying records). */
export interface ActionCounts {
  clustersCreated: number;
  repositoriesCreated: number;
  servicesCreated: number;
  deploys: number;
  imagePushes: number;
  autoscalingUpdates: number;
  forcedRedeploys: number;
  deregistrations: number;
  /** ENIs ECS created for tasks it started (service creation, deploys, forced redeploys, scale-out). */
  networkInterfacesCreated: number;
  /** ENIs ECS deleted for tasks it stopped (replaced on a deploy or forced redeploy, scale-in). */
  networkInterfacesDeleted: number;
}

export interface RecordCounts {
  /** Every delivered record, duplicate deliveries included. */
  total: number;
  unique: number;
  /** Extra deliveries of records already delivered once. */
  duplicates: number;
  /** Unique records carrying an errorCode. */
  failed: number;
  readOnly: number;
  /** Unique writes that touch no resource type the estimate counts (log streams, SSM parameters). */
  unrelatedWrites: number;
}

export interface ExpectedConfigurationItems {
  'AWS::ECS::Cluster': number;
  'AWS::ECR::Repository': number;
  'AWS::ECS::Service': number;
  'AWS::ECS::TaskDefinition': number;
  'AWS::EC2::NetworkInterface': number;
}

/**
 * A deployed change-triggered Config rule whose evaluations the archive records: one PutEvaluations call
 * per evaluated CI. `name` is the rule's name as AWS holds it (a catalog name, `securityhub-<rule>-<suffix>`,
 * `<rule>-conformance-pack-<id>`, or any custom name); it evaluates every CI of `resourceTypes`.
 */
export interface SimulatedRule {
  name: string;
  resourceTypes: readonly string[];
}

/** Evaluations AWS Config made for one rule: in the window, and by UTC day (only days with any). */
export interface ExpectedRuleEvaluations {
  total: number;
  byDay: Record<string, number>;
}

/** The archive's independent ground truth, for checking what a replay of the archive concludes. */
export interface SimulateManifest {
  synthetic: true;
  generator: 'config-cost simulate';
  seed: number;
  window: { from: string; to: string; days: number };
  accounts: string[];
  region: string;
  files: { logFiles: number; digestFiles: number };
  records: RecordCounts;
  actions: ActionCounts;
  expectedConfigurationItems: ExpectedConfigurationItems;
  /**
   * Only with the putEvaluations option: the evaluations each rule made (one per recorded CI of a type in
   * its scope), counted from the CIs as they were generated, never from the records.
   */
  expectedRuleEvaluations?: Record<string, ExpectedRuleEvaluations>;
}

export interface SimulatedArchive {
  manifest: SimulateManifest;
  /** Sorted by key. */
  logFiles: LogFile[];
  /** Sorted by key. */
  digestFiles: DigestFile[];
}
