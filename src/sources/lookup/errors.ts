import { InputError } from '../../errors.js';

/** What the SDK attaches to service and network errors. */
interface SdkErrorShape {
  name?: unknown;
  code?: unknown;
  message?: unknown;
  hostname?: unknown;
  address?: unknown;
  $metadata?: { httpStatusCode?: number; attempts?: number };
  $fault?: unknown;
}

const shape = (error: unknown): SdkErrorShape => (typeof error === 'object' && error !== null ? (error as SdkErrorShape) : {});
const str = (value: unknown): string | undefined => (typeof value === 'string' && value !== '' ? value : undefined);

/** The SDK's count of HTTP attempts behind a result or an error (retries included), when it says. */
export function attemptsOf(value: unknown): number | undefined {
  const attempts = shape(value).$metadata?.attempts;
  return typeof attempts === 'number' && attempts > 0 ? attempts : undefined;
}

const THROTTLING = new Set(['ThrottlingException', 'Throttling', 'TooManyRequestsException', 'RequestLimitExceeded', 'ThrottledException']);

/** CloudTrail answers too many LookupEvents calls with HTTP 400 ThrottlingException: retry it, never report it. */
export function isThrottling(error: unknown): boolean {
  const e = shape(error);
  return THROTTLING.has(str(e.name) ?? '') || THROTTLING.has(str(e.code) ?? '');
}

const NO_CREDENTIALS = new Set(['CredentialsProviderError']);
const EXPIRED = new Set(['ExpiredTokenException', 'ExpiredToken', 'TokenRefreshRequired']);
const CLOCK = new Set(['RequestExpired', 'RequestTimeTooSkewed', 'RequestInTheFuture']);
const INVALID_CREDENTIALS = new Set([
  'UnrecognizedClientException',
  'InvalidClientTokenId',
  'CloudTrailInvalidClientTokenIdException',
  'InvalidSignatureException',
  'SignatureDoesNotMatch',
  'IncompleteSignature',
  'MissingAuthenticationToken',
  'MissingAuthenticationTokenException',
]);
const ACCESS_DENIED = new Set(['AccessDeniedException', 'AccessDenied', 'UnauthorizedOperation', 'OperationNotPermittedException']);
const NETWORK = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'ETIMEDOUT', 'ECONNRESET', 'EHOSTUNREACH', 'ENETUNREACH', 'EPIPE', 'ECONNABORTED', 'TimeoutError', 'RequestTimeout']);

const ACCESS_KEY_ID = /\b(?:AKIA|ASIA|AIDA|AROA|AGPA|ANPA|ANVA|APKA|ABIA|ACCA)[A-Z0-9]{12,}\b/g;
const CREDENTIAL_ENV = ['AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN'];

/**
 * A message from the SDK or the service, safe to print: the first line, at most 200 characters, with anything
 * that looks like an access key id, and the literal credentials of the environment, taken out.
 */
export function redact(text: string): string {
  let out = text.split('\n')[0]!.replace(ACCESS_KEY_ID, '<access key id>');
  for (const name of CREDENTIAL_ENV) {
    const value = process.env[name];
    if (value !== undefined && value.length >= 8) out = out.split(value).join('<credential>');
  }
  return out.length > 200 ? `${out.slice(0, 197)}...` : out;
}

/** True for errors that come from the SDK or the service rather than from a bug here. */
function isSdkError(error: unknown): boolean {
  const e = shape(error);
  return e.$metadata !== undefined || e.$fault !== undefined || NO_CREDENTIALS.has(str(e.name) ?? '') || str(e.name) === 'TokenProviderError' || NETWORK.has(str(e.code) ?? '') || NETWORK.has(str(e.name) ?? '');
}

/**
 * Turns a failed LookupEvents call into one line that says which call, which region and what to do. Never
 * echoes credentials: the texts are written here, and the service's own message is shown only redacted.
 * Errors that are not the SDK's (bugs) are returned as they are.
 */
export function lookupFailure(error: unknown, region: string, profile: string | undefined): Error {
  if (error instanceof InputError || !isSdkError(error)) return error instanceof Error ? error : new Error(String(error));
  const e = shape(error);
  const name = str(e.name) ?? '';
  const code = str(e.code) ?? '';
  const message = str(e.message) ?? '';
  const where = `LookupEvents in ${region}`;
  const who = profile !== undefined ? `profile '${profile}'` : 'the default credential chain';
  if (NO_CREDENTIALS.has(name) || name === 'TokenProviderError') {
    if (/expired|refresh/i.test(message)) {
      return new InputError(`${where}: the credentials of ${who} have expired; sign in again (aws sso login${profile !== undefined ? ` --profile ${profile}` : ''}, or refresh the session) and rerun`);
    }
    return new InputError(
      `${where}: no AWS credentials found for ${who}; sign in (aws sso login, aws configure) or pass --profile NAME, or run where a role provides them`,
    );
  }
  if (EXPIRED.has(name) || EXPIRED.has(code)) {
    return new InputError(`${where}: the credentials of ${who} have expired (${name || code}); sign in again or refresh the session, then rerun`);
  }
  if (CLOCK.has(name) || CLOCK.has(code)) {
    return new InputError(`${where}: AWS refused the request's signature as out of date (${name || code}); check this machine's clock`);
  }
  if (INVALID_CREDENTIALS.has(name) || INVALID_CREDENTIALS.has(code)) {
    return new InputError(
      `${where}: AWS did not accept the credentials of ${who} (${name || code}); check them, or whether ${region} is enabled for the account (opt-in regions)`,
    );
  }
  if (ACCESS_DENIED.has(name) || ACCESS_DENIED.has(code) || e.$metadata?.httpStatusCode === 403) {
    return new InputError(
      `${where}: access denied (${name || code || 'HTTP 403'}); the identity of ${who} needs cloudtrail:LookupEvents (the AWSCloudTrail_ReadOnlyAccess policy has it)`,
    );
  }
  if (NETWORK.has(code) || NETWORK.has(name)) {
    const host = str(e.hostname) ?? str(e.address);
    return new InputError(
      `${where}: cannot reach the CloudTrail endpoint${host !== undefined ? ` ${host}` : ''} (${code || name}); check the network or proxy, and that '${region}' is a region code such as us-east-1`,
    );
  }
  if (isThrottling(error)) {
    return new InputError(
      `${where}: still throttled after repeated retries; the limit (2 requests per second per account and region) is shared with every other LookupEvents caller in the account: try again later`,
    );
  }
  const status = e.$metadata?.httpStatusCode;
  const detail = message !== '' ? `: ${redact(message)}` : '';
  if (status !== undefined && status >= 500) {
    return new InputError(`${where}: CloudTrail failed (${name || 'HTTP ' + status}, after ${e.$metadata?.attempts ?? 1} attempts)${detail}; try again later`);
  }
  return new InputError(`${where}: CloudTrail refused the request (${name || code || `HTTP ${status ?? '?'}`})${detail}`);
}
