/**
 * A validating JSON skipper over UTF-8 bytes: each function takes the index of a token's first byte and returns
 * the index just after it, or -1 where JSON.parse would refuse the text. Nothing is built, so walking past a
 * value costs about one table lookup per byte. The log-file scanner uses it to step over the parts of a
 * record it does not read while still refusing exactly what JSON.parse refuses (strings with raw control
 * characters or bad escapes, numbers and literals out of grammar, stray or missing commas and colons).
 *
 * Reading past the end of the bytes yields undefined, which no test accepts, so truncated text gives -1.
 */

export const QUOTE = 0x22;
export const BACKSLASH = 0x5c;
export const COMMA = 0x2c;
export const COLON = 0x3a;
export const OPEN_BRACE = 0x7b;
export const CLOSE_BRACE = 0x7d;
export const OPEN_BRACKET = 0x5b;
export const CLOSE_BRACKET = 0x5d;

/** Deeper than this, the skipper gives up (-1) and leaves the text to JSON.parse and its own limit. */
export const MAX_DEPTH = 256;

/** Inside a string: 0 for a byte that needs no thought, else a quote, a backslash or a control character. */
const IN_STRING = new Uint8Array(256);
for (let c = 0; c < 0x20; c++) IN_STRING[c] = 1;
IN_STRING[QUOTE] = 1;
IN_STRING[BACKSLASH] = 1;

let escaped = false;

/** Whether the string `stringEnd` last stepped over held an escape (its bytes are then not its text). */
export function lastStringEscaped(): boolean {
  return escaped;
}

export function skipWhitespace(b: Uint8Array, i: number): number {
  for (;;) {
    const c = b[i];
    if (c !== 0x20 && c !== 0x0a && c !== 0x0d && c !== 0x09) return i;
    i += 1;
  }
}

function isHexDigit(c: number | undefined): boolean {
  return c !== undefined && ((c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x46) || (c >= 0x61 && c <= 0x66));
}

export function isDigit(c: number | undefined): boolean {
  return c !== undefined && c >= 0x30 && c <= 0x39;
}

/** i: an opening quote. */
export function stringEnd(b: Uint8Array, i: number): number {
  escaped = false;
  i += 1;
  for (;;) {
    while (IN_STRING[b[i]!] === 0) i += 1;
    const c = b[i];
    if (c === QUOTE) return i + 1;
    if (c !== BACKSLASH) return -1; // a raw control character, or the end of the bytes
    escaped = true;
    const e = b[i + 1];
    if (e === 0x75) {
      if (!isHexDigit(b[i + 2]) || !isHexDigit(b[i + 3]) || !isHexDigit(b[i + 4]) || !isHexDigit(b[i + 5])) return -1;
      i += 6;
    } else if (e === QUOTE || e === BACKSLASH || e === 0x2f || e === 0x62 || e === 0x66 || e === 0x6e || e === 0x72 || e === 0x74) {
      i += 2;
    } else return -1;
  }
}

/** i: the first byte of any value; depth: how many containers enclose it. */
export function skipValue(b: Uint8Array, i: number, depth: number): number {
  const c = b[i];
  if (c === QUOTE) return stringEnd(b, i);
  if (c === OPEN_BRACE) return skipObject(b, i, depth + 1);
  if (c === OPEN_BRACKET) return skipArray(b, i, depth + 1);
  if (c === 0x74) return b[i + 1] === 0x72 && b[i + 2] === 0x75 && b[i + 3] === 0x65 ? i + 4 : -1; // true
  if (c === 0x66) return b[i + 1] === 0x61 && b[i + 2] === 0x6c && b[i + 3] === 0x73 && b[i + 4] === 0x65 ? i + 5 : -1; // false
  if (c === 0x6e) return b[i + 1] === 0x75 && b[i + 2] === 0x6c && b[i + 3] === 0x6c ? i + 4 : -1; // null
  return skipNumber(b, i);
}

/** JSON's number grammar: -?(0|[1-9][0-9]*)(.[0-9]+)?([eE][+-]?[0-9]+)? */
function skipNumber(b: Uint8Array, i: number): number {
  if (b[i] === 0x2d) i += 1;
  if (b[i] === 0x30) i += 1;
  else if (isDigit(b[i])) while (isDigit(b[i])) i += 1;
  else return -1;
  if (b[i] === 0x2e) {
    i += 1;
    if (!isDigit(b[i])) return -1;
    while (isDigit(b[i])) i += 1;
  }
  if (b[i] === 0x65 || b[i] === 0x45) {
    i += 1;
    if (b[i] === 0x2b || b[i] === 0x2d) i += 1;
    if (!isDigit(b[i])) return -1;
    while (isDigit(b[i])) i += 1;
  }
  return i;
}

function skipObject(b: Uint8Array, i: number, depth: number): number {
  if (depth > MAX_DEPTH) return -1;
  i = skipWhitespace(b, i + 1);
  if (b[i] === CLOSE_BRACE) return i + 1;
  for (;;) {
    if (b[i] !== QUOTE) return -1;
    i = stringEnd(b, i);
    if (i < 0) return -1;
    i = skipWhitespace(b, i);
    if (b[i] !== COLON) return -1;
    i = skipValue(b, skipWhitespace(b, i + 1), depth);
    if (i < 0) return -1;
    i = skipWhitespace(b, i);
    if (b[i] === COMMA) {
      i = skipWhitespace(b, i + 1);
      continue;
    }
    return b[i] === CLOSE_BRACE ? i + 1 : -1;
  }
}

function skipArray(b: Uint8Array, i: number, depth: number): number {
  if (depth > MAX_DEPTH) return -1;
  i = skipWhitespace(b, i + 1);
  if (b[i] === CLOSE_BRACKET) return i + 1;
  for (;;) {
    i = skipValue(b, i, depth);
    if (i < 0) return -1;
    i = skipWhitespace(b, i);
    if (b[i] === COMMA) {
      i = skipWhitespace(b, i + 1);
      continue;
    }
    return b[i] === CLOSE_BRACKET ? i + 1 : -1;
  }
}
