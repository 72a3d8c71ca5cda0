/**
 * Reads AWS Config products from the AWS Price List API (GetProducts, service code AWSConfig), one
 * regionCode filter at a time, following NextToken; SDK failures become one-line InputErrors.
 */
import { GetProductsCommand, type GetProductsCommandOutput, type PricingClient } from '@aws-sdk/client-pricing';
import { InputError } from '../../errors.js';
import { SERVICE_CODE } from './parse.js';

/** Pages per region before giving up: AWS Config has a handful of SKUs per region. */
const MAX_PAGES = 100;

interface SdkFailure {
  name?: string;
  message?: string;
  code?: string;
  $metadata?: { httpStatusCode?: number };
}

const NETWORK_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ENOTFOUND', 'EAI_AGAIN', 'ETIMEDOUT', 'EPIPE', 'EHOSTUNREACH', 'ENETUNREACH', 'UND_ERR_CONNECT_TIMEOUT']);
const CREDENTIAL_REJECTED = new Set(['UnrecognizedClientException', 'InvalidClientTokenId', 'InvalidSignatureException', 'SignatureDoesNotMatch', 'ExpiredTokenException', 'ExpiredToken']);

const firstLine = (text: string | undefined): string => (text ?? '').split('\n')[0]!.slice(0, 200);

/** Why a Price List API call failed, as one line (exit code 2). */
export function priceListInputError(error: unknown, what = 'the AWS Price List API', profile?: string): InputError {
  if (error instanceof InputError) return error;
  const e = (error ?? {}) as SdkFailure;
  const status = e.$metadata?.httpStatusCode;
  const code = e.code ?? ((e as { cause?: SdkFailure }).cause?.code);
  if (e.name === 'CredentialsProviderError' || /could not load credentials|Unable to find credentials/i.test(e.message ?? '')) {
    const fix = profile !== undefined ? `check profile '${profile}' in ~/.aws/config (or run aws sso login --profile ${profile})` : 'give --profile, or set AWS_PROFILE or AWS_ACCESS_KEY_ID';
    return new InputError(`${what}: no AWS credentials${profile !== undefined ? ` for profile '${profile}'` : ''} (${firstLine(e.message)}); ${fix}`);
  }
  if (e.name !== undefined && CREDENTIAL_REJECTED.has(e.name)) {
    return new InputError(`${what}: AWS rejected the credentials (${e.name}); refresh them (aws sso login, new keys) or give another --profile`);
  }
  if (e.name === 'AccessDeniedException' || e.name === 'AccessDenied' || status === 403) {
    return new InputError(`${what}: access denied (${e.name ?? 'HTTP 403'}); the credentials need the IAM permission pricing:GetProducts`);
  }
  if ((code !== undefined && NETWORK_CODES.has(code)) || e.name === 'TimeoutError' || e.name === 'RequestTimeout') {
    return new InputError(`${what}: cannot reach the endpoint (${code ?? e.name}); check the network, a proxy, or try again later`);
  }
  if (e.name === 'ThrottlingException') return new InputError(`${what}: throttled (ThrottlingException) after retries; try again in a minute`);
  return new InputError(`${what}: ${e.name ?? 'error'}${status !== undefined ? ` (HTTP ${status})` : ''}: ${firstLine(e.message ?? String(error))}`);
}

/** Every GetProducts PriceList entry for AWSConfig in the regions, parsed from its JSON string. */
export async function fetchConfigProducts(client: PricingClient, regions: readonly string[], hints: { profile?: string | undefined } = {}): Promise<unknown[]> {
  const entries: unknown[] = [];
  for (const region of [...new Set(regions)]) {
    let nextToken: string | undefined;
    const seenTokens = new Set<string>();
    for (let page = 0; ; page++) {
      if (page >= MAX_PAGES) throw new InputError(`the AWS Price List API: more than ${MAX_PAGES} pages of AWSConfig products for ${region}; giving up`);
      let response: GetProductsCommandOutput;
      try {
        response = await client.send(
          new GetProductsCommand({
            ServiceCode: SERVICE_CODE,
            Filters: [{ Type: 'TERM_MATCH', Field: 'regionCode', Value: region }],
            FormatVersion: 'aws_v1',
            MaxResults: 100,
            NextToken: nextToken,
          }),
        );
      } catch (error) {
        throw priceListInputError(error, `the AWS Price List API (GetProducts ${SERVICE_CODE} ${region})`, hints.profile);
      }
      const list: unknown = response.PriceList ?? [];
      if (!Array.isArray(list)) throw new InputError(`the AWS Price List API (GetProducts ${SERVICE_CODE} ${region}): PriceList is not a list`);
      list.forEach((item: unknown, index: number) => {
        // Each item is a JSON string on the wire; the SDK may hand it over as a string or a boxed LazyJsonString.
        if (typeof item === 'object' && item !== null && !(item instanceof String)) {
          entries.push(item);
          return;
        }
        try {
          entries.push(JSON.parse(String(item)));
        } catch (error) {
          throw new InputError(`the AWS Price List API (GetProducts ${SERVICE_CODE} ${region}): PriceList entry ${index} of page ${page + 1} is not JSON (${firstLine((error as Error).message)})`);
        }
      });
      nextToken = response.NextToken || undefined;
      if (nextToken === undefined) break;
      if (seenTokens.has(nextToken)) throw new InputError(`the AWS Price List API (GetProducts ${SERVICE_CODE} ${region}): NextToken repeats; giving up`);
      seenTokens.add(nextToken);
    }
  }
  return entries;
}
