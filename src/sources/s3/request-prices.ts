/** S3 request prices (pricing/aws-s3-requests.json) and what a number of requests costs. */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { InputError } from '../../errors.js';
import type { RequestCounts } from './listing.js';

const PRICES_FILE = fileURLToPath(new URL('../../../pricing/aws-s3-requests.json', import.meta.url));

const requestPricesSchema = z
  .object({
    description: z.string(),
    currency: z.literal('USD'),
    checked: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
    region: z.string().min(1),
    storageClass: z.string().min(1),
    requestClasses: z
      .array(
        z
          .object({
            class: z.enum(['list', 'get']),
            requests: z.string().min(1),
            usdPer1000: z.number().nonnegative(),
            status: z.enum(['verified', 'third-party', 'assumed']),
            source: z.string().min(1),
          })
          .strict(),
      )
      .length(2),
  })
  .strict();

export interface RequestPrices {
  region: string;
  storageClass: string;
  usdPer1000: Record<keyof RequestCounts, number>;
}

export function loadRequestPrices(path: string = PRICES_FILE): RequestPrices {
  let parsed: z.infer<typeof requestPricesSchema>;
  try {
    parsed = requestPricesSchema.parse(JSON.parse(readFileSync(path, 'utf8')));
  } catch (error) {
    throw new InputError(`${path}: ${(error as Error).message.split('\n')[0]}`);
  }
  const price = (c: 'list' | 'get') => {
    const entry = parsed.requestClasses.find((r) => r.class === c);
    if (!entry) throw new InputError(`${path}: no '${c}' request class`);
    return entry.usdPer1000;
  };
  return { region: parsed.region, storageClass: parsed.storageClass, usdPer1000: { list: price('list'), get: price('get') } };
}

export function requestCostUSD(counts: Partial<RequestCounts>, prices: RequestPrices): number {
  return ((counts.list ?? 0) * prices.usdPer1000.list + (counts.get ?? 0) * prices.usdPer1000.get) / 1000;
}
