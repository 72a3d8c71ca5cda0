// CloudTrail writes ISO-8601 UTC ("2026-10-03T08:15:00Z"); CloudTrail Lake and normalisers such as Panther
// write "2020-11-20 06:19:05.000" with no zone, which is UTC too.
const ISO_LIKE = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2}):(\d{2})(\.\d{1,9})?(Z|[+-]\d{2}:?\d{2})?$/;

/** Milliseconds since the epoch, or undefined when the text is not an ISO-like timestamp. */
export function parseEventTime(text: string): number | undefined {
  const m = ISO_LIKE.exec(text.trim());
  if (!m) return undefined;
  const [, y, mo, d, h, mi, s, frac, zone] = m;
  const fraction = frac ? frac.slice(0, 4) : '';
  let offset = zone ?? 'Z';
  if (offset !== 'Z' && !offset.includes(':')) offset = `${offset.slice(0, 3)}:${offset.slice(3)}`;
  const ms = Date.parse(`${y}-${mo}-${d}T${h}:${mi}:${s}${fraction}${offset}`);
  if (Number.isNaN(ms)) return undefined;
  // Date.parse rolls over impossible dates such as 02-30; reject them.
  if (offset === 'Z' && new Date(ms).getUTCDate() !== Number(d)) return undefined;
  return ms;
}

export const DAY_MS = 86_400_000;

export function startOfUtcDay(ms: number): number {
  return Math.floor(ms / DAY_MS) * DAY_MS;
}

export function isoSeconds(ms: number): string {
  return new Date(ms).toISOString().replace('.000Z', 'Z');
}

export function utcDay(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}
