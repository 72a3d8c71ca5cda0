export type OfferOutcome = { outcome: 'new' | 'replaced' | 'duplicate'; previousClass: number };

/** Shards, chosen by the top bits of the hash: each grows alone, so growing never copies the whole index. */
const SHARD_BITS = 8;

/**
 * The deduplication index: one slot per unique eventID, holding the 64-bit hash of the eventID (8 bytes), the
 * eventTime in whole seconds (4), a tie-break hash (2) and the record's class (1) - 15 bytes a slot. It is
 * split into 256 open-addressing shards over typed arrays; a shard grows by 1.25 when 80% full, so the index
 * holds between 18.75 and 23.4 bytes per unique record, and a growth step briefly adds one shard's worth
 * (about 1/256 of the index) rather than a second copy of it.
 */
export class DedupeTable {
  private readonly shards: DedupeShard[];

  constructor(initialCapacity = 1024) {
    const perShard = Math.max(4, Math.ceil(initialCapacity / (1 << SHARD_BITS)));
    this.shards = Array.from({ length: 1 << SHARD_BITS }, () => new DedupeShard(perShard));
  }

  get size(): number {
    return this.shards.reduce((n, shard) => n + shard.size, 0);
  }

  get bytes(): number {
    return this.shards.reduce((n, shard) => n + shard.bytes, 0);
  }

  /**
   * Offers a record. Returns 'new' when its eventID was not seen, 'replaced' when it takes the place of the
   * record held (it is earlier, or ties and orders first), 'duplicate' when the held record stays.
   * `previousClass` tells what a replaced record was.
   */
  offer(hi: number, lo: number, seconds: number, tie: number, classCode: number): OfferOutcome {
    return this.shards[hi >>> (32 - SHARD_BITS)]!.offer(hi, lo, seconds, tie, classCode);
  }

  /** Calls back once per unique record with its time and class. */
  forEach(visit: (seconds: number, classCode: number, hi: number, lo: number) => void): void {
    for (const shard of this.shards) shard.forEach(visit);
  }
}

/** One shard: linear probing over typed arrays. */
class DedupeShard {
  private capacity: number;
  private hi: Uint32Array;
  private lo: Uint32Array;
  private seconds: Uint32Array;
  private tie: Uint16Array;
  /** 0: empty slot; otherwise the class code + 1. */
  private cls: Uint8Array;
  size = 0;

  constructor(initialCapacity = 1024) {
    this.capacity = initialCapacity;
    this.hi = new Uint32Array(initialCapacity);
    this.lo = new Uint32Array(initialCapacity);
    this.seconds = new Uint32Array(initialCapacity);
    this.tie = new Uint16Array(initialCapacity);
    this.cls = new Uint8Array(initialCapacity);
  }

  get bytes(): number {
    return this.capacity * 15;
  }

  private slotOf(hi: number, lo: number): number {
    let slot = (lo ^ Math.imul(hi, 0x9e3779b1)) >>> 0;
    slot %= this.capacity;
    while (this.cls[slot] !== 0 && (this.hi[slot] !== hi || this.lo[slot] !== lo)) {
      slot += 1;
      if (slot === this.capacity) slot = 0;
    }
    return slot;
  }

  offer(hi: number, lo: number, seconds: number, tie: number, classCode: number): OfferOutcome {
    if ((this.size + 1) * 5 > this.capacity * 4) this.grow();
    const slot = this.slotOf(hi, lo);
    if (this.cls[slot] === 0) {
      this.hi[slot] = hi;
      this.lo[slot] = lo;
      this.seconds[slot] = seconds;
      this.tie[slot] = tie;
      this.cls[slot] = classCode + 1;
      this.size += 1;
      return { outcome: 'new', previousClass: -1 };
    }
    const heldSeconds = this.seconds[slot]!;
    const heldTie = this.tie[slot]!;
    const heldClass = this.cls[slot]! - 1;
    const earlier = seconds < heldSeconds || (seconds === heldSeconds && (tie < heldTie || (tie === heldTie && classCode < heldClass)));
    if (!earlier) return { outcome: 'duplicate', previousClass: heldClass };
    this.seconds[slot] = seconds;
    this.tie[slot] = tie;
    this.cls[slot] = classCode + 1;
    return { outcome: 'replaced', previousClass: heldClass };
  }

  forEach(visit: (seconds: number, classCode: number, hi: number, lo: number) => void): void {
    for (let slot = 0; slot < this.capacity; slot++) {
      if (this.cls[slot] !== 0) visit(this.seconds[slot]!, this.cls[slot]! - 1, this.hi[slot]!, this.lo[slot]!);
    }
  }

  private grow(): void {
    const old = { hi: this.hi, lo: this.lo, seconds: this.seconds, tie: this.tie, cls: this.cls, capacity: this.capacity };
    this.capacity = Math.ceil(this.capacity * 1.25) + 1;
    this.hi = new Uint32Array(this.capacity);
    this.lo = new Uint32Array(this.capacity);
    this.seconds = new Uint32Array(this.capacity);
    this.tie = new Uint16Array(this.capacity);
    this.cls = new Uint8Array(this.capacity);
    for (let slot = 0; slot < old.capacity; slot++) {
      if (old.cls[slot] === 0) continue;
      const target = this.slotOf(old.hi[slot]!, old.lo[slot]!);
      this.hi[target] = old.hi[slot]!;
      this.lo[target] = old.lo[slot]!;
      this.seconds[target] = old.seconds[slot]!;
      this.tie[target] = old.tie[slot]!;
      this.cls[target] = old.cls[slot]!;
    }
  }
}
