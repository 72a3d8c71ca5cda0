/**
 * The CloudTrail delivery layout in S3, as pure functions:
 * `<trail prefix>AWSLogs/[<org-id>/]<account>/CloudTrail/<region>/YYYY/MM/DD/<file>`.
 * Folder dates are delivery dates (UTC), so a window needs its own days plus one more for late deliveries.
 */
import { DAY_MS, startOfUtcDay } from '../../core/event-time.js';
import type { Window } from '../../core/window.js';
import { InputError } from '../../errors.js';

export const LOGS_FOLDER = 'AWSLogs';
export const TRAIL_FOLDER = 'CloudTrail';
/** Siblings of CloudTrail/ that hold no management events. */
const NON_EVENT_FOLDERS = new Set(['CloudTrail-Digest', 'CloudTrail-Insight']);

const ACCOUNT_ID = /^\d{12}$/;
const ORGANIZATION_ID = /^o-[a-z0-9]{10,32}$/;
const REGION = /^[a-z]{2}(-[a-z]+)+-\d+$/;
const DATE_PART = /^\d{4}\/((0[1-9]|1[0-2])\/((0[1-9]|[12]\d|3[01])\/)?)?$/;

export const isAccountId = (name: string) => ACCOUNT_ID.test(name);
export const isOrganizationId = (name: string) => ORGANIZATION_ID.test(name);
export const isRegion = (name: string) => REGION.test(name);

/** One account's events in one region: the folder the date folders live in. */
export interface TrailFolder {
  account: string;
  region: string;
  /** `.../AWSLogs/[org/]account/CloudTrail/region/` */
  prefix: string;
}

/**
 * How far into the layout a given prefix reaches. `logsRoot` is undefined when the prefix stops above
 * `AWSLogs/` (the bucket root or the trail's own prefix); every later field is set only when the prefix names it.
 */
export interface LayoutPosition {
  prefix: string;
  logsRoot?: string;
  organization?: string;
  account?: string;
  region?: string;
  /** `2026/`, `2026/06/` or `2026/06/05/`: only date folders under it are read. */
  datePart?: string;
}

/** Reads a user's prefix against the layout; a prefix that leaves the layout is an input error naming where. */
export function layoutPosition(url: string, prefix: string): LayoutPosition {
  const segments = prefix.split('/').filter((s) => s !== '');
  const logsIndex = segments.indexOf(LOGS_FOLDER);
  if (logsIndex === -1) return { prefix };
  const position: LayoutPosition = { prefix, logsRoot: `${segments.slice(0, logsIndex + 1).join('/')}/` };
  const rest = segments.slice(logsIndex + 1);
  const notLayout = (expected: string, found: string) =>
    new InputError(`${url}: not a CloudTrail layout: expected ${expected} where the prefix has '${found}' (AWSLogs/[ORG-ID/]ACCOUNT/CloudTrail/REGION/YYYY/MM/DD/)`);
  let next = rest.shift();
  if (next === undefined) return position;
  if (isOrganizationId(next)) {
    position.organization = next;
    next = rest.shift();
    if (next === undefined) return position;
  }
  if (!isAccountId(next)) throw notLayout(position.organization ? 'a 12-digit account id' : 'an account id or an organization id (o-...)', next);
  position.account = next;
  next = rest.shift();
  if (next === undefined) return position;
  if (NON_EVENT_FOLDERS.has(next)) throw new InputError(`${url}: ${next}/ holds no management events; give the ${TRAIL_FOLDER}/ folder beside it`);
  if (next !== TRAIL_FOLDER) throw notLayout(`${TRAIL_FOLDER}/`, next);
  next = rest.shift();
  if (next === undefined) return position;
  if (!isRegion(next)) throw notLayout('a region such as us-east-1', next);
  position.region = next;
  if (rest.length === 0) return position;
  const datePart = `${rest.join('/')}/`;
  if (!DATE_PART.test(datePart)) throw notLayout('date folders YYYY/MM/DD/', rest.join('/'));
  position.datePart = datePart;
  return position;
}

export function trailFolderPrefix(logsRoot: string, organization: string | undefined, account: string, region: string): string {
  return `${logsRoot}${organization ? `${organization}/` : ''}${account}/${TRAIL_FOLDER}/${region}/`;
}

/**
 * The delivery-date folders (`YYYY/MM/DD/`) that can hold the window's records: each day the window
 * touches, and the day after it: CloudTrail delivers about 5 minutes after the call (not guaranteed), so
 * the last records of a day land in the next day's folder.
 */
export function dateFolders(window: Window, datePart?: string): string[] {
  const first = startOfUtcDay(window.fromMs);
  const last = startOfUtcDay(window.toMs - 1) + DAY_MS;
  const folders: string[] = [];
  for (let day = first; day <= last; day += DAY_MS) {
    const folder = `${new Date(day).toISOString().slice(0, 10).replaceAll('-', '/')}/`;
    if (datePart === undefined || folder.startsWith(datePart)) folders.push(folder);
  }
  return folders;
}

/** Digest and Insights objects are never read, wherever they turn up. */
export function isEventObjectKey(key: string): boolean {
  if (key.endsWith('/')) return false; // a folder marker
  return !key.split('/').some((segment) => NON_EVENT_FOLDERS.has(segment));
}
