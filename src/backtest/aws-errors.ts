import { InputError } from '../errors.js';
import { redact } from '../sources/lookup/errors.js';

interface SdkErrorShape {
  name?: unknown;
  code?: unknown;
  message?: unknown;
  $metadata?: { httpStatusCode?: number; attempts?: number };
  $fault?: unknown;
}

const str = (value: unknown): string | undefined => (typeof value === 'string' && value !== '' ? value : undefined);
const NETWORK = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'ETIMEDOUT', 'ECONNRESET', 'EHOSTUNREACH', 'ENETUNREACH', 'EPIPE', 'ECONNABORTED', 'TimeoutError', 'RequestTimeout']);
const ACCESS_DENIED = new Set(['AccessDeniedException', 'AccessDenied', 'UnauthorizedOperation', 'UnauthorizedException']);
const INVALID_CREDENTIALS = new Set(['UnrecognizedClientException', 'InvalidClientTokenId', 'InvalidSignatureException', 'SignatureDoesNotMatch', 'IncompleteSignature', 'MissingAuthenticationToken', 'ExpiredTokenException', 'ExpiredToken']);

/**
 * One line for a failed AWS call: which call, where, and what to do. The service's own message is shown only
 * redacted (no access key ids, no credentials of the environment). Errors that are not the SDK's pass through.
 */
export function awsFailure(error: unknown, where: string, permission: string, profile: string | undefined): Error {
  if (error instanceof InputError) return error;
  const e: SdkErrorShape = typeof error === 'object' && error !== null ? (error as SdkErrorShape) : {};
  const name = str(e.name) ?? '';
  const code = str(e.code) ?? '';
  const isSdk = e.$metadata !== undefined || e.$fault !== undefined || name === 'CredentialsProviderError' || name === 'TokenProviderError' || NETWORK.has(code) || NETWORK.has(name);
  if (!isSdk) return error instanceof Error ? error : new Error(String(error));
  const who = profile !== undefined ? `profile '${profile}'` : 'the default credential chain';
  if (name === 'CredentialsProviderError' || name === 'TokenProviderError') {
    return new InputError(`${where}: no AWS credentials found for ${who}; sign in (aws sso login, aws configure) or pass --profile NAME`);
  }
  if (INVALID_CREDENTIALS.has(name) || INVALID_CREDENTIALS.has(code)) {
    return new InputError(`${where}: AWS did not accept the credentials of ${who} (${name || code}); check them or sign in again`);
  }
  if (ACCESS_DENIED.has(name) || ACCESS_DENIED.has(code) || e.$metadata?.httpStatusCode === 403) {
    return new InputError(`${where}: access denied (${name || code || 'HTTP 403'}); the identity of ${who} needs ${permission}`);
  }
  if (NETWORK.has(code) || NETWORK.has(name)) return new InputError(`${where}: cannot reach the endpoint (${code || name}); check the network or proxy`);
  const message = str(e.message);
  return new InputError(`${where}: AWS refused the request (${name || code || `HTTP ${e.$metadata?.httpStatusCode ?? '?'}`})${message ? `: ${redact(message)}` : ''}`);
}
