/**
 * A map from an eventID's 64-bit hash to a number (the position of its counted event), over typed arrays:
 * 12 bytes a slot instead of a Map entry with a string key (about 90 bytes). Linear probing; grows by 2 when
 * half full. Entries are overwritten, never removed: the classifier writes -1 for "none".
 */
export class CountedIndex {
  private capacity = 0;
  private hi = new Uint32Array(0);
  private lo = new Uint32Array(0);
  /** The value + 2 (values are -1 or more); 0 marks an empty slot. */
  private value = new Int32Array(0);
  private size = 0;

  constructor(initialCapacity = 1024) {
    this.allocate(initialCapacity);
  }

  get(hi: number, lo: number): number | undefined {
    const slot = this.slotOf(hi, lo);
    return this.value[slot] === 0 ? undefined : this.value[slot]! - 2;
  }

  set(hi: number, lo: number, value: number): void {
    if ((this.size + 1) * 2 > this.capacity) this.grow();
    const slot = this.slotOf(hi, lo);
    if (this.value[slot] === 0) {
      this.hi[slot] = hi;
      this.lo[slot] = lo;
      this.size += 1;
    }
    this.value[slot] = value + 2;
  }

  private slotOf(hi: number, lo: number): number {
    let slot = ((lo ^ Math.imul(hi, 0x9e3779b1)) >>> 0) % this.capacity;
    while (this.value[slot] !== 0 && (this.hi[slot] !== hi || this.lo[slot] !== lo)) {
      slot += 1;
      if (slot === this.capacity) slot = 0;
    }
    return slot;
  }

  private allocate(capacity: number): void {
    this.capacity = capacity;
    this.hi = new Uint32Array(capacity);
    this.lo = new Uint32Array(capacity);
    this.value = new Int32Array(capacity);
  }

  private grow(): void {
    const old = { hi: this.hi, lo: this.lo, value: this.value, capacity: this.capacity };
    this.allocate(this.capacity * 2);
    for (let slot = 0; slot < old.capacity; slot++) {
      if (old.value[slot] === 0) continue;
      const target = this.slotOf(old.hi[slot]!, old.lo[slot]!);
      this.hi[target] = old.hi[slot]!;
      this.lo[target] = old.lo[slot]!;
      this.value[target] = old.value[slot]!;
    }
  }
}
