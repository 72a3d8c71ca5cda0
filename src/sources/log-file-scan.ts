import type { EventCatalog } from '../catalog/event-catalog.js';
import { parseEventTime } from '../core/event-time.js';
import { Hash64 } from '../core/eventid-hash.js';
import { CLASS_CODE, DigestBuilder, type FileDigest } from '../core/file-digest.js';
import {
  CLOSE_BRACE,
  CLOSE_BRACKET,
  COLON,
  COMMA,
  isDigit,
  lastStringEscaped,
  OPEN_BRACE,
  OPEN_BRACKET,
  QUOTE,
  skipValue,
  skipWhitespace,
  stringEnd,
} from './json-skip.js';
import { isInsight } from './parse-file.js';

/**
 * Digests a CloudTrail log file ({"Records":[...]}) straight from its bytes. A validating scan (json-skip.ts)
 * walks the JSON and reads each record's top-level fields in place, without building objects, so a record
 * that cannot be counted (most are read-only, failed or another service's) costs a scan and two hashes, not
 * a JSON.parse. A record the catalog may count, or one the scan cannot read exactly as JSON.parse would (an
 * escape or a non-ASCII byte in a field it reads, a missing field, an Insights event), is parsed alone and
 * digested the ordinary way. The digest is the one `digestOutcome` gives for the parsed file.
 *
 * Returns undefined when the bytes are not one valid JSON object holding only a "Records" array of objects
 * (or nest deeper than the scan follows): the caller then parses the file whole, as before.
 * Pure; the bytes must already be valid UTF-8 (the reader checks).
 */
export function scanLogFile(path: string, bytes: Uint8Array, catalog: EventCatalog): FileDigest | 'insights' | undefined {
  return new LogFileScan(bytes, catalog).run(path);
}

const ascii = (text: string) => Uint8Array.from(text, (c) => c.charCodeAt(0));

/** The top-level record fields the scan reads, by slot. */
const ID = 0;
const TIME = 1;
const SOURCE = 2;
const NAME = 3;
const REGION = 4;
const ACCOUNT = 5;
const ERROR = 6;
const READ_ONLY = 7;
const CATEGORY = 8;
const TYPE = 9;
const FIELD_BYTES = ['eventID', 'eventTime', 'eventSource', 'eventName', 'awsRegion', 'recipientAccountId', 'errorCode', 'readOnly', 'eventCategory', 'eventType'].map(ascii);
/** Fields a record must have, as plain strings, to be digested in place. */
const REQUIRED = [TIME, SOURCE, NAME, REGION, ACCOUNT];
/** The tie-break's fields before errorCode and readOnly, in tieBreakOf's order. */
const TIE_FIELDS = [SOURCE, NAME, ACCOUNT, REGION];
const TIME_DIGITS = [0, 1, 2, 3, 5, 6, 8, 9, 11, 12, 14, 15, 17, 18];
const RECORDS_KEY = ascii('"Records"');
const TRUE = ascii('true');
const INSIGHT = ascii('Insight');
const INSIGHT_TYPE = ascii('AwsCloudTrailInsight');

/** What a field slot holds for the current record. */
const ABSENT = 0;
const STRING = 1;
const OTHER = 2;

function bytesAt(b: Uint8Array, i: number, expected: Uint8Array): boolean {
  if (i + expected.length > b.length) return false;
  for (let k = 0; k < expected.length; k++) if (b[i + k] !== expected[k]) return false;
  return true;
}

/** The slot of the key in bytes [s, e), or -1 when the scan does not read it. */
function fieldOf(b: Uint8Array, s: number, e: number): number {
  let slot: number;
  switch (e - s) {
    case 7:
      slot = ID;
      break;
    case 8:
      slot = READ_ONLY;
      break;
    case 9: // eventTime, eventType, eventName, errorCode, awsRegion: told apart by their sixth letter
      switch (b[s + 5]) {
        case 0x54: // eventT...
          slot = b[s + 6] === 0x69 ? TIME : TYPE;
          break;
        case 0x4e: // eventN...
          slot = NAME;
          break;
        case 0x43: // errorC...
          slot = ERROR;
          break;
        case 0x67: // awsReg...
          slot = REGION;
          break;
        default:
          return -1;
      }
      break;
    case 11:
      slot = SOURCE;
      break;
    case 13:
      slot = CATEGORY;
      break;
    case 18:
      slot = ACCOUNT;
      break;
    default:
      return -1;
  }
  return bytesAt(b, s, FIELD_BYTES[slot]!) ? slot : -1;
}

/** The event sources the catalog lists, as bytes: a record from any other source is never counted. */
const catalogSources = new WeakMap<EventCatalog, Uint8Array[]>();

class LogFileScan {
  /** The current record has a key spelt with escapes, which might decode to any field's name. */
  private escapedKey = false;
  private readonly kind = new Uint8Array(FIELD_BYTES.length);
  private readonly start = new Int32Array(FIELD_BYTES.length);
  private readonly end = new Int32Array(FIELD_BYTES.length);
  private readonly fieldEscaped = new Uint8Array(FIELD_BYTES.length);
  private readonly hash = new Hash64();
  private readonly builder: DigestBuilder;
  private readonly decoder = new TextDecoder();
  private readonly sources: Uint8Array[];

  constructor(
    private readonly b: Uint8Array,
    private readonly catalog: EventCatalog,
  ) {
    // About one record per 1,300 bytes in CloudTrail's own files.
    this.builder = new DigestBuilder(catalog, Math.min(65_536, Math.ceil(b.length / 1000) + 1));
    let sources = catalogSources.get(catalog);
    if (sources === undefined) {
      sources = catalog.eventSources.map(ascii);
      catalogSources.set(catalog, sources);
    }
    this.sources = sources;
  }

  run(path: string): FileDigest | 'insights' | undefined {
    const b = this.b;
    let i = skipWhitespace(b, 0);
    if (b[i] !== OPEN_BRACE) return undefined;
    i = skipWhitespace(b, i + 1);
    if (!bytesAt(b, i, RECORDS_KEY)) return undefined;
    i = skipWhitespace(b, i + RECORDS_KEY.length);
    if (b[i] !== COLON) return undefined;
    i = skipWhitespace(b, i + 1);
    if (b[i] !== OPEN_BRACKET) return undefined;
    i = skipWhitespace(b, i + 1);
    let index = 0;
    let insights = 0;
    if (b[i] === CLOSE_BRACKET) i += 1;
    else {
      for (;;) {
        if (b[i] !== OPEN_BRACE) return undefined;
        const end = this.record(i);
        if (end < 0) return undefined;
        if (this.readRecord(i, end, index)) insights += 1;
        index += 1;
        i = skipWhitespace(b, end);
        if (b[i] === COMMA) {
          i = skipWhitespace(b, i + 1);
          continue;
        }
        if (b[i] !== CLOSE_BRACKET) return undefined;
        i += 1;
        break;
      }
    }
    i = skipWhitespace(b, i);
    if (b[i] !== CLOSE_BRACE) return undefined;
    if (skipWhitespace(b, i + 1) !== b.length) return undefined;
    // As the parsed path: a file whose every record is an Insights event is an Insights file.
    if (index > 0 && insights === index) return 'insights';
    return this.builder.finish(path);
  }

  /** A record object at i (depth 2, inside Records): validates it and notes its top-level fields. */
  private record(i: number): number {
    const b = this.b;
    this.kind.fill(ABSENT);
    this.escapedKey = false;
    i = skipWhitespace(b, i + 1);
    if (b[i] === CLOSE_BRACE) return i + 1;
    for (;;) {
      if (b[i] !== QUOTE) return -1;
      const keyStart = i + 1;
      i = stringEnd(b, i);
      if (i < 0) return -1;
      let slot = -1;
      if (lastStringEscaped()) this.escapedKey = true;
      else slot = fieldOf(b, keyStart, i - 1);
      i = skipWhitespace(b, i);
      if (b[i] !== COLON) return -1;
      const valueStart = skipWhitespace(b, i + 1);
      i = skipValue(b, valueStart, 2);
      if (i < 0) return -1;
      if (slot >= 0) {
        if (b[valueStart] === QUOTE) {
          this.kind[slot] = STRING;
          this.start[slot] = valueStart + 1;
          this.end[slot] = i - 1;
          this.fieldEscaped[slot] = lastStringEscaped() ? 1 : 0;
        } else {
          this.kind[slot] = OTHER;
          this.start[slot] = valueStart;
          this.end[slot] = i;
        }
      }
      i = skipWhitespace(b, i);
      if (b[i] === COMMA) {
        i = skipWhitespace(b, i + 1);
        continue;
      }
      return b[i] === CLOSE_BRACE ? i + 1 : -1;
    }
  }

  /** Whether the record's eventSource is one the catalog lists. */
  private catalogSource(): boolean {
    const s = this.start[SOURCE]!;
    const length = this.end[SOURCE]! - s;
    for (const source of this.sources) if (source.length === length && bytesAt(this.b, s, source)) return true;
    return false;
  }

  private stringEquals(slot: number, expected: Uint8Array): boolean {
    return this.kind[slot] === STRING && this.end[slot]! - this.start[slot]! === expected.length && bytesAt(this.b, this.start[slot]!, expected);
  }

  private nonEmptyPlainString(slot: number): boolean {
    return this.kind[slot] === STRING && this.fieldEscaped[slot] === 0 && this.end[slot]! > this.start[slot]!;
  }

  private text(slot: number): string {
    return this.decoder.decode(this.b.subarray(this.start[slot]!, this.end[slot]!));
  }

  /** Digests the record in [s, e) at `index`; true when it is an Insights event. */
  private readRecord(s: number, e: number, index: number): boolean {
    const plainKinds = !this.escapedKey && !this.escapedString(CATEGORY) && !this.escapedString(TYPE);
    const insight = this.stringEquals(CATEGORY, INSIGHT) || this.stringEquals(TYPE, INSIGHT_TYPE);
    if (plainKinds && !insight && this.readPlain()) return false;
    const value: unknown = JSON.parse(this.decoder.decode(this.b.subarray(s, e)));
    this.builder.addValue(value, index);
    return isInsight(value);
  }

  private escapedString(slot: number): boolean {
    return this.kind[slot] === STRING && this.fieldEscaped[slot] === 1;
  }

  /**
   * Digests a record from its scanned fields when they are plain (no escapes, ASCII, all present) and it is
   * not one the catalog may count; false leaves it to the parsed path.
   */
  private readPlain(): boolean {
    for (const slot of REQUIRED) if (!this.nonEmptyPlainString(slot)) return false;
    const errorKind = this.kind[ERROR];
    if (errorKind === STRING && this.fieldEscaped[ERROR] === 1) return false;
    const failed = errorKind === STRING && this.end[ERROR]! > this.start[ERROR]!;
    const readOnlyKind = this.kind[READ_ONLY];
    if (readOnlyKind === STRING && this.fieldEscaped[READ_ONLY] === 1) return false;
    const readOnly =
      (readOnlyKind === OTHER && this.end[READ_ONLY]! - this.start[READ_ONLY]! === 4 && bytesAt(this.b, this.start[READ_ONLY]!, TRUE)) ||
      (readOnlyKind === STRING && this.stringEquals(READ_ONLY, TRUE));
    const timeMs = this.timeMs();
    if (timeMs === undefined) return false;
    // The tie-break hashes source|name|account|region|errorCode|readOnly, as tieBreakOf does for a parsed record.
    const h = this.hash.reset();
    for (const slot of TIE_FIELDS) {
      if (!h.ascii(this.b, this.start[slot]!, this.end[slot]!)) return false;
      h.code(0x7c);
    }
    if (failed && !h.ascii(this.b, this.start[ERROR]!, this.end[ERROR]!)) return false;
    h.code(0x7c);
    h.code(readOnly ? 0x31 : 0x30);
    h.finish();
    const tie = h.short;
    let classCode: number;
    if (failed) classCode = CLASS_CODE.failed;
    else if (readOnly) classCode = CLASS_CODE.readOnly;
    else if (this.catalogSource() && this.catalog.has(this.text(SOURCE), this.text(NAME))) return false;
    else classCode = CLASS_CODE.unrelated;
    let hasId = false;
    if (this.kind[ID] === STRING && this.end[ID]! > this.start[ID]!) {
      if (this.fieldEscaped[ID] === 1 || !h.reset().ascii(this.b, this.start[ID]!, this.end[ID]!)) return false;
      h.finish();
      hasId = true;
    }
    this.builder.addFields(hasId, hasId ? h.hi : 0, hasId ? h.lo : 0, timeMs, tie, classCode);
    return true;
  }

  /** The record's eventTime: read in place when it is YYYY-MM-DDTHH:MM:SSZ, else as the parsed path reads it. */
  private timeMs(): number | undefined {
    const b = this.b;
    const s = this.start[TIME]!;
    const e = this.end[TIME]!;
    if (e - s === 20 && b[s + 4] === 0x2d && b[s + 7] === 0x2d && b[s + 10] === 0x54 && b[s + 13] === 0x3a && b[s + 16] === 0x3a && b[s + 19] === 0x5a) {
      const d = (k: number) => b[s + k]! - 0x30;
      let digits = true;
      for (const k of TIME_DIGITS) if (!isDigit(b[s + k])) digits = false;
      if (digits) {
        const year = d(0) * 1000 + d(1) * 100 + d(2) * 10 + d(3);
        const month = d(5) * 10 + d(6);
        const day = d(8) * 10 + d(9);
        const hour = d(11) * 10 + d(12);
        const minute = d(14) * 10 + d(15);
        const second = d(17) * 10 + d(18);
        // Date.UTC reads years 0-99 as 1900-1999: leave those to the parsed path.
        if (year >= 1000 && month >= 1 && month <= 12 && day >= 1 && day <= daysIn(year, month) && hour <= 23 && minute <= 59 && second <= 59) {
          return Date.UTC(year, month - 1, day, hour, minute, second);
        }
      }
    }
    for (let k = s; k < e; k++) if (b[k]! >= 0x80) return undefined;
    return parseEventTime(this.text(TIME));
  }
}

function daysIn(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}
