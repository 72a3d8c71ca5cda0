/**
 * A small seeded PRNG. The simulator must be reproducible byte for byte, so it never touches
 * Math.random or node:crypto; every random choice flows through one of these.
 */

/** mulberry32: 32-bit state, fast, and identical on every platform. Returns floats in [0, 1). */
export function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Mixes a seed with stream numbers (account index, ...) into an independent 32-bit seed, so that
 * adding a second account does not change the first account's records.
 */
export function deriveSeed(...parts: number[]): number {
  let hash = 0x811c9dc5;
  for (const part of parts) {
    const low = part >>> 0;
    const high = Math.floor(part / 4294967296) >>> 0;
    for (const word of [low, high]) {
      hash = Math.imul(hash ^ word, 0x01000193);
      hash ^= hash >>> 13;
      hash = Math.imul(hash, 0x5bd1e995);
      hash ^= hash >>> 15;
    }
  }
  return hash >>> 0;
}

const HEX = '0123456789abcdef';

export interface Prng {
  /** A float in [0, 1). */
  next(): number;
  /** An integer in [min, max], both inclusive. */
  int(min: number, max: number): number;
  /** True with the given probability. */
  chance(probability: number): boolean;
  pick<T>(items: readonly T[]): T;
  /** An integer whose expected value is `expected`: floor(expected) plus one with the fractional part's probability. */
  count(expected: number): number;
  /** `length` characters drawn from `alphabet`. */
  chars(length: number, alphabet: string): string;
  /** `length` lowercase hex digits. */
  hex(length: number): string;
  /** A version-4-shaped UUID (random bits from this PRNG, not from a CSPRNG). */
  uuid(): string;
  /** A shuffled copy (Fisher-Yates). */
  shuffle<T>(items: readonly T[]): T[];
}

export function createPrng(seed: number): Prng {
  const next = mulberry32(seed);
  const int = (min: number, max: number): number => min + Math.floor(next() * (max - min + 1));
  const chars = (length: number, alphabet: string): string => {
    let out = '';
    for (let i = 0; i < length; i++) out += alphabet.charAt(int(0, alphabet.length - 1));
    return out;
  };
  return {
    next,
    int,
    chance: (probability) => next() < probability,
    pick<T>(items: readonly T[]): T {
      const item = items[int(0, items.length - 1)];
      if (item === undefined) throw new Error('pick() from an empty list');
      return item;
    },
    count(expected) {
      const whole = Math.floor(expected);
      return whole + (next() < expected - whole ? 1 : 0);
    },
    chars,
    hex: (length) => chars(length, HEX),
    uuid() {
      const h = chars(32, HEX);
      const variant = HEX.charAt(8 + int(0, 3));
      return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-${variant}${h.slice(17, 20)}-${h.slice(20, 32)}`;
    },
    shuffle<T>(items: readonly T[]): T[] {
      const copy = [...items];
      for (let i = copy.length - 1; i > 0; i--) {
        const j = int(0, i);
        [copy[i], copy[j]] = [copy[j] as T, copy[i] as T];
      }
      return copy;
    },
  };
}
