import { InputError } from '../../errors.js';

/** What a failed AWS call looks like, whichever layer threw it (credential chain, HTTP handler, service). */
interface AwsLikeError {
  name?: string;
  code?: string;
  message?: string;
  hostname?: string;
  address?: string;
  port?: number;
  $metadata?: { httpStatusCode?: number };
}

const NETWORK_CODES = new Set(['ENOTFOUND', 'EAI_AGAIN', 'ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'EPIPE']);
const ACCESS_DENIED = new Set(['AccessDeniedException', 'AccessDenied', 'UnauthorizedOperation', 'UnauthorizedException', 'NotAuthorized']);
const EXPIRED = new Set(['ExpiredTokenException', 'ExpiredToken', 'RequestExpired', 'TokenRefreshRequired']);
const REJECTED = new Set(['UnrecognizedClientException', 'InvalidClientTokenId', 'InvalidSignatureException', 'SignatureDoesNotMatch', 'IncompleteSignature']);
const THROTTLED = new Set(['ThrottlingException', 'Throttling', 'TooManyRequestsException', 'RequestLimitExceeded']);

const firstLine = (text: string) => text.split('\n')[0]!.trim();

/**
 * Turns whatever an AWS SDK call threw into one line a user can act on: which call, which region, what to do.
 * Never a stack trace.
 */
export function explainAwsError(error: unknown, call: string, region: string): InputError {
  const e = (typeof error === 'object' && error !== null ? error : { message: String(error) }) as AwsLikeError;
  const name = e.name ?? '';
  const message = firstLine(e.message ?? '');
  const where = `${call} in ${region}`;
  if (name === 'CredentialsProviderError' || name === 'TokenProviderError') {
    if (/sso/i.test(message) && /expired|refresh|invalid/i.test(message)) {
      return new InputError(`discover: the AWS SSO session has expired (${where}): run 'aws sso login' (with --profile if you use one) and try again`);
    }
    if (/profile/i.test(message)) {
      return new InputError(`discover: ${message.replace(/\.$/, '')} (${where}): check the profile name given to --profile or AWS_PROFILE`);
    }
    return new InputError(
      `discover: no AWS credentials found (${where}): give --profile NAME, set AWS_PROFILE or AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, or run 'aws configure' / 'aws sso login'`,
    );
  }
  if (EXPIRED.has(name) || /security token included in the request is expired|token has expired/i.test(message)) {
    return new InputError(`discover: the AWS credentials have expired (${where}): refresh them ('aws sso login', or new session credentials) and try again`);
  }
  if (REJECTED.has(name)) {
    return new InputError(
      `discover: AWS rejected the credentials (${name}, ${where}): check the access key and session token; if ${region} is an opt-in region, enable it for the account or leave it out of --regions`,
    );
  }
  if (ACCESS_DENIED.has(name) || e.$metadata?.httpStatusCode === 403) {
    return new InputError(
      `discover: access denied to config:${call} in ${region}: the caller needs read access to AWS Config (config:Describe*, config:Get*, config:List*, as in the AWS managed policy ReadOnlyAccess)`,
    );
  }
  if ((e.code !== undefined && NETWORK_CODES.has(e.code)) || name === 'TimeoutError' || name === 'RequestTimeout' || name === 'NetworkingError') {
    const host = e.hostname ?? (e.address !== undefined ? `${e.address}${e.port !== undefined ? `:${e.port}` : ''}` : `config.${region}.amazonaws.com`);
    return new InputError(
      `discover: cannot reach AWS Config at ${host} (${e.code ?? name}, ${where}): check the region name and the network connection, then try again`,
    );
  }
  if (THROTTLED.has(name)) {
    return new InputError(`discover: AWS Config throttled ${where} after retries: wait a minute and try again`);
  }
  const label = name !== '' && name !== 'Error' ? `${name}: ` : '';
  return new InputError(`discover: ${where} failed: ${label}${message || 'unknown error'}`);
}

/** Runs one AWS call and turns any failure into the one-line error above. */
export async function awsCall<T>(call: string, region: string, send: () => Promise<T>): Promise<T> {
  try {
    return await send();
  } catch (error) {
    throw explainAwsError(error, call, region);
  }
}
