/**
 * A 64-bit hash of a string as two unsigned 32-bit halves (two independent FNV-1a variants), so the
 * deduplication index holds 8 bytes per eventID instead of the string. With a million records the chance of
 * any two distinct eventIDs sharing a hash is about 3 in 10^8.
 */
export function hash64(text: string): [number, number] {
  let h1 = 0x811c9dc5;
  let h2 = 0x9747b28c;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 0x01000193);
    h2 = Math.imul(h2 ^ c, 0x5bd1e995);
    h2 ^= h2 >>> 15;
  }
  h1 ^= h1 >>> 13;
  h1 = Math.imul(h1, 0x85ebca6b);
  h1 ^= h1 >>> 16;
  h2 = Math.imul(h2, 0xc2b2ae35);
  h2 ^= h2 >>> 16;
  return [h1 >>> 0, h2 >>> 0];
}

/** A 16-bit hash, for ordering records that share an eventID and a second. */
export function hash16(text: string): number {
  const [hi] = hash64(text);
  return (hi ^ (hi >>> 16)) & 0xffff;
}
