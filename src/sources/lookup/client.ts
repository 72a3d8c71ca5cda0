import { CloudTrailClient } from '@aws-sdk/client-cloudtrail';

/**
 * The AWS SDK's own switch for its "Node.js version no longer supported after ..." warning, printed on
 * stderr when the first client is built on Node < 22 (see @aws-sdk/core emitWarningIfUnsupportedVersion).
 * config-cost supports Node 20, so the warning is noise in its output.
 */
export const SDK_NODE_WARNING_ENV = 'AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED';

/**
 * SDK attempts per call (the first plus retries). Adaptive mode retries throttling with back-off and slows
 * the client down after a ThrottlingException (HTTP 400 from CloudTrail, classified by its error name).
 */
export const LOOKUP_MAX_ATTEMPTS = 6;

/**
 * A CloudTrail client for the CLI: adaptive retries, an optional named profile (as --profile), and no
 * Node-version warning. Endpoint and credentials come from the usual AWS sources (AWS_ENDPOINT_URL_CLOUDTRAIL,
 * the environment, ~/.aws, SSO, instance roles); nothing here reads or prints them.
 */
export function createCloudTrailClient(region: string, profile?: string): CloudTrailClient {
  suppressSdkNodeVersionWarning();
  return new CloudTrailClient({
    region,
    ...(profile !== undefined ? { profile } : {}),
    retryMode: 'adaptive',
    maxAttempts: LOOKUP_MAX_ATTEMPTS,
  });
}

/** Sets the SDK's supported opt-out unless the user set the variable themselves. Before the first client. */
export function suppressSdkNodeVersionWarning(): void {
  if (process.env[SDK_NODE_WARNING_ENV] === undefined) process.env[SDK_NODE_WARNING_ENV] = 'true';
}
