/**
 * A 64-bit hash of a string as two unsigned 32-bit halves (two independent FNV-1a variants), so the
 * deduplication index holds 8 bytes per eventID instead of the string. With a million records the chance of
 * any two distinct eventIDs sharing a hash is about 3 in 10^8.
 *
 * The hash is over UTF-16 code units, fed one at a time, so the log-file scanner can hash ASCII bytes in
 * place and get the same value as hashing the decoded string.
 */
export class Hash64 {
  private h1 = 0x811c9dc5;
  private h2 = 0x9747b28c;
  hi = 0;
  lo = 0;

  reset(): this {
    this.h1 = 0x811c9dc5;
    this.h2 = 0x9747b28c;
    return this;
  }

  code(c: number): void {
    this.h1 = Math.imul(this.h1 ^ c, 0x01000193);
    let h2 = Math.imul(this.h2 ^ c, 0x5bd1e995);
    h2 ^= h2 >>> 15;
    this.h2 = h2;
  }

  text(text: string): void {
    for (let i = 0; i < text.length; i++) this.code(text.charCodeAt(i));
  }

  /**
   * Feeds bytes [start, end); false (and the hash is unusable) when one is not ASCII or is a backslash.
   * The steps of `code`, written out: this runs for every record the scanner reads.
   */
  ascii(bytes: Uint8Array, start: number, end: number): boolean {
    let h1 = this.h1;
    let h2 = this.h2;
    for (let i = start; i < end; i++) {
      const c = bytes[i]!;
      if (c >= 0x80 || c === 0x5c) return false;
      h1 = Math.imul(h1 ^ c, 0x01000193);
      h2 = Math.imul(h2 ^ c, 0x5bd1e995);
      h2 ^= h2 >>> 15;
    }
    this.h1 = h1;
    this.h2 = h2;
    return true;
  }

  /** Sets `hi` and `lo` from what was fed. */
  finish(): void {
    let h1 = this.h1;
    h1 ^= h1 >>> 13;
    h1 = Math.imul(h1, 0x85ebca6b);
    h1 ^= h1 >>> 16;
    let h2 = Math.imul(this.h2, 0xc2b2ae35);
    h2 ^= h2 >>> 16;
    this.hi = h1 >>> 0;
    this.lo = h2 >>> 0;
  }

  /** The 16-bit fold of `hi`, for ordering records that share an eventID and a second. */
  get short(): number {
    return (this.hi ^ (this.hi >>> 16)) & 0xffff;
  }
}

const shared = new Hash64();

export function hash64(text: string): [number, number] {
  shared.reset().text(text);
  shared.finish();
  return [shared.hi, shared.lo];
}

/** A 16-bit hash, for ordering records that share an eventID and a second. */
export function hash16(text: string): number {
  shared.reset().text(text);
  shared.finish();
  return shared.short;
}
