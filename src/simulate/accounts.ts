/** Names of the simulated accounts and of what lives in them. */
import { createPrng, deriveSeed } from '../core/prng.js';
import type { ServicePlacement } from './activity.js';

/** Stream number reserved for account ids, apart from the per-account streams (1, 2, ...). */
const ACCOUNT_ID_STREAM = 0;

/**
 * Account ids in the documentation style `aaaabbbbcccc` (digits 1-9). The first follows the seed
 * (seed 1 gives 111122223333); the rest are drawn from the seed's own stream, without repeats.
 */
export function simulatedAccountIds(seed: number, count: number): string[] {
  const first = (((seed - 1) % 9) + 9) % 9;
  const digits = [first, (first + 1) % 9, (first + 2) % 9].map((d) => d + 1);
  const ids = [idFromDigits(digits)];
  const prng = createPrng(deriveSeed(seed, ACCOUNT_ID_STREAM));
  while (ids.length < count) {
    const id = idFromDigits([prng.int(1, 9), prng.int(1, 9), prng.int(1, 9)]);
    if (!ids.includes(id)) ids.push(id);
  }
  return ids.slice(0, count);
}

function idFromDigits(digits: readonly number[]): string {
  return digits.map((d) => String(d).repeat(4)).join('');
}

const CLUSTER_NAMES = ['prod', 'staging', 'dev', 'qa', 'sandbox'];
const SERVICE_NAMES = ['web', 'api', 'worker', 'scheduler', 'payments', 'search', 'notifications', 'reports'];

export function clusterNames(count: number): string[] {
  return Array.from({ length: count }, (_, i) => CLUSTER_NAMES[i] ?? `cluster-${i + 1}`);
}

/** Services spread round-robin over the clusters; each also names its ECR repository and task family. */
export function servicePlacements(count: number, clusters: readonly string[]): ServicePlacement[] {
  return Array.from({ length: count }, (_, i) => ({
    name: SERVICE_NAMES[i] ?? `service-${i + 1}`,
    cluster: clusters[i % clusters.length] ?? 'default',
  }));
}
