/** Turns AWS SDK failures into the one-line messages users get (never a stack trace). */
import { InputError } from '../../errors.js';

interface SdkFailure {
  name?: string;
  message?: string;
  code?: string;
  $metadata?: { httpStatusCode?: number; attempts?: number };
}

const NETWORK_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ENOTFOUND', 'EAI_AGAIN', 'ETIMEDOUT', 'EPIPE', 'EHOSTUNREACH']);

const firstLine = (text: string | undefined) => (text ?? '').split('\n')[0]!.slice(0, 160);

function httpStatus(error: SdkFailure): number | undefined {
  return error.$metadata?.httpStatusCode;
}

/** Why a bucket or a listing could not be read, as an input error (exit code 2) about `what`. */
export function s3InputError(error: unknown, what: string): InputError {
  const e = (error ?? {}) as SdkFailure;
  const status = httpStatus(e);
  if (e.name === 'NoSuchBucket' || (e.name === 'NotFound' && status === 404)) return new InputError(`${what}: no such bucket`);
  if (e.name === 'CredentialsProviderError') {
    return new InputError(`${what}: no AWS credentials (${firstLine(e.message)}); give --profile, or set AWS_PROFILE or AWS_ACCESS_KEY_ID`);
  }
  if (status === 403 || e.name === 'AccessDenied') {
    return new InputError(`${what}: access denied (${e.name ?? 'HTTP 403'}); check the credentials (--profile, AWS_PROFILE) and that they allow s3:ListBucket and s3:GetObject on the bucket`);
  }
  if (e.code !== undefined && NETWORK_CODES.has(e.code)) return new InputError(`${what}: cannot reach S3 (${e.code})`);
  return new InputError(`${what}: ${e.name ?? 'error'}${status !== undefined ? ` (HTTP ${status})` : ''}: ${firstLine(e.message)}`);
}

/** Why one object could not be fetched, for its warning. */
export function describeDownloadFailure(error: unknown): string {
  const e = (error ?? {}) as SdkFailure;
  const status = httpStatus(e);
  const attempts = e.$metadata?.attempts;
  const what = [e.name ?? e.code ?? 'error', status !== undefined ? `HTTP ${status}` : undefined].filter(Boolean).join(', ');
  const detail = firstLine(e.message);
  return `download failed${attempts !== undefined && attempts > 1 ? ` after ${attempts} attempts` : ''} (${what}${detail !== '' && detail !== e.name ? `: ${detail}` : ''})`;
}
