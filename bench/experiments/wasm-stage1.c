// An experiment, not part of config-cost: how fast can WebAssembly SIMD walk CloudTrail JSON in Node?
// simdjson's stage 1 (quote, backslash and bracket masks 64 bytes at a time, escaped quotes, in-string mask by
// prefix XOR) plus a depth walk over the brackets to count records, and a check for raw control characters in
// strings. It validates nothing else and reads no field: a lower bound on the work a real scanner does.
//
//   clang --target=wasm32 -O3 -msimd128 -nostdlib -Wl,--no-entry -Wl,--export-dynamic \
//     -Wl,--initial-memory=167772160 -o /tmp/wasm-stage1.wasm bench/experiments/wasm-stage1.c
//   node bench/experiments/wasm-stage1.mjs /tmp/wasm-stage1.wasm    (after `npm run bench`: it reads .bench/files-x1.txt)
#include <wasm_simd128.h>
#include <stdint.h>

typedef uint64_t u64;
#define EVEN 0x5555555555555555ULL
#define ODD 0xAAAAAAAAAAAAAAAAULL
#define CAPACITY (1 << 27)

static unsigned char input[CAPACITY];
static int control_in_string;

__attribute__((export_name("input"))) unsigned char *input_address(void) { return input; }
__attribute__((export_name("capacity"))) int input_capacity(void) { return CAPACITY; }
__attribute__((export_name("controlInString"))) int control_in_string_flag(void) { return control_in_string; }

static inline u64 mask64(v128_t a, v128_t b, v128_t c, v128_t d) {
  return (u64)(uint16_t)wasm_i8x16_bitmask(a) | ((u64)(uint16_t)wasm_i8x16_bitmask(b) << 16) |
         ((u64)(uint16_t)wasm_i8x16_bitmask(c) << 32) | ((u64)(uint16_t)wasm_i8x16_bitmask(d) << 48);
}

static inline u64 prefix_xor(u64 x) {
  x ^= x << 1; x ^= x << 2; x ^= x << 4; x ^= x << 8; x ^= x << 16; x ^= x << 32;
  return x;
}

// Records: objects opened at depth 3 ({"Records":[{...}]}). len: a multiple of 64 (the caller pads with spaces).
__attribute__((export_name("countRecords"))) int count_records(int len) {
  const v128_t quote_byte = wasm_i8x16_splat('"'), backslash_byte = wasm_i8x16_splat('\\');
  const v128_t space = wasm_i8x16_splat(0x20), open_brace = wasm_i8x16_splat('{'), close_brace = wasm_i8x16_splat('}');
  u64 prev_in_string = 0, prev_ends_odd_backslash = 0;
  int depth = 0, records = 0, control = 0;
  for (int i = 0; i < len; i += 64) {
    v128_t a = wasm_v128_load(input + i), b = wasm_v128_load(input + i + 16);
    v128_t c = wasm_v128_load(input + i + 32), d = wasm_v128_load(input + i + 48);
    u64 quote = mask64(wasm_i8x16_eq(a, quote_byte), wasm_i8x16_eq(b, quote_byte), wasm_i8x16_eq(c, quote_byte), wasm_i8x16_eq(d, quote_byte));
    u64 backslash = mask64(wasm_i8x16_eq(a, backslash_byte), wasm_i8x16_eq(b, backslash_byte), wasm_i8x16_eq(c, backslash_byte), wasm_i8x16_eq(d, backslash_byte));
    u64 ctrl = mask64(wasm_u8x16_lt(a, space), wasm_u8x16_lt(b, space), wasm_u8x16_lt(c, space), wasm_u8x16_lt(d, space));
    // '[' | 0x20 == '{' and ']' | 0x20 == '}': one compare each for both kinds of bracket.
    v128_t a2 = wasm_v128_or(a, space), b2 = wasm_v128_or(b, space), c2 = wasm_v128_or(c, space), d2 = wasm_v128_or(d, space);
    u64 open = mask64(wasm_i8x16_eq(a2, open_brace), wasm_i8x16_eq(b2, open_brace), wasm_i8x16_eq(c2, open_brace), wasm_i8x16_eq(d2, open_brace));
    u64 close = mask64(wasm_i8x16_eq(a2, close_brace), wasm_i8x16_eq(b2, close_brace), wasm_i8x16_eq(c2, close_brace), wasm_i8x16_eq(d2, close_brace));
    // Quotes preceded by an odd run of backslashes are escaped (simdjson's carry trick).
    u64 odd_ends = 0;
    if (backslash | prev_ends_odd_backslash) {
      u64 start_edges = backslash & ~(backslash << 1);
      u64 even_start_mask = EVEN ^ prev_ends_odd_backslash;
      u64 even_starts = start_edges & even_start_mask, odd_starts = start_edges & ~even_start_mask;
      u64 even_carries = backslash + even_starts;
      u64 odd_carries = backslash + odd_starts;
      u64 ends_odd = odd_carries < backslash;
      odd_carries |= prev_ends_odd_backslash;
      prev_ends_odd_backslash = ends_odd;
      odd_ends = ((even_carries & ~backslash) & ODD) | ((odd_carries & ~backslash) & EVEN);
    }
    quote &= ~odd_ends;
    u64 in_string = prefix_xor(quote) ^ prev_in_string;
    prev_in_string = (u64)((int64_t)in_string >> 63);
    control |= (ctrl & in_string) != 0;
    for (u64 brackets = (open | close) & ~in_string; brackets; brackets &= brackets - 1) {
      int k = __builtin_ctzll(brackets);
      if (open >> k & 1) { if (++depth == 3) records++; } else depth--;
    }
  }
  control_in_string = control;
  return records;
}
