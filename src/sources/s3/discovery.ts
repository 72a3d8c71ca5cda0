/**
 * Finds the trail's `CloudTrail/<region>/` folders under a prefix, listing one level at a time
 * (ListObjectsV2 with Delimiter '/'): the accounts under AWSLogs/ (or AWSLogs/<org-id>/), then each
 * account's regions. Levels the prefix already names, and regions given with --s3-regions, are not listed.
 */
import { InputError } from '../../errors.js';
import { isAccountId, isOrganizationId, isRegion, layoutPosition, LOGS_FOLDER, TRAIL_FOLDER, trailFolderPrefix, type LayoutPosition, type TrailFolder } from './layout.js';
import type { BucketLister } from './listing.js';
import { mapBounded } from './pool.js';

export interface TrailFilters {
  accounts?: readonly string[] | undefined;
  regions?: readonly string[] | undefined;
}

export interface DiscoveredTrail {
  folders: TrailFolder[];
  /** The layout position of the prefix: its date part narrows the date folders. */
  position: LayoutPosition;
  /** Things worth a line on stderr that do not stop the run (an --s3-accounts id with no folder). */
  notes: string[];
}

interface Owner {
  organization?: string | undefined;
  account: string;
}

const listFew = (names: string[]) => `${names.slice(0, 4).map((n) => `${n}/`).join(', ')}${names.length > 4 ? ', ...' : ''}`;

export async function discoverTrail(lister: BucketLister, url: string, prefix: string, filters: TrailFilters, parallelism: number): Promise<DiscoveredTrail> {
  const position = layoutPosition(url, prefix);
  const notes: string[] = [];
  const logsRoot = position.logsRoot ?? (await findLogsRoot(lister, url, prefix));
  const owners = await findOwners(lister, url, logsRoot, position, filters.accounts, notes);
  const perOwner = await mapBounded(owners, parallelism, async (owner) => {
    const regions = await regionsOf(lister, logsRoot, owner, position, filters.regions);
    return regions.map((region) => ({ account: owner.account, region, prefix: trailFolderPrefix(logsRoot, owner.organization, owner.account, region) }));
  });
  const folders = perOwner.flat();
  if (folders.length === 0) {
    const where = filters.regions ? ` in ${filters.regions.join(', ')}` : '';
    throw new InputError(`${url}: no ${TRAIL_FOLDER}/REGION/ folders${where} under ${logsRoot} for ${owners.length} account(s)`);
  }
  return { folders, position, notes };
}

/** The bucket root or a trail prefix: AWSLogs/ must be right beneath it. */
async function findLogsRoot(lister: BucketLister, url: string, prefix: string): Promise<string> {
  const names = await lister.folders(prefix);
  if (names.includes(LOGS_FOLDER)) return `${prefix}${LOGS_FOLDER}/`;
  const hint = names.length > 0 ? ` (it holds ${listFew(names)}; is one of them the trail's prefix, such as ${url.replace(/\/?$/, '/')}${names[0]}/?)` : ' (it holds no folders)';
  throw new InputError(`${url}: no CloudTrail layout: no ${LOGS_FOLDER}/ folder under it${hint}`);
}

async function findOwners(lister: BucketLister, url: string, logsRoot: string, position: LayoutPosition, wanted: readonly string[] | undefined, notes: string[]): Promise<Owner[]> {
  let owners: Owner[];
  if (position.account !== undefined) owners = [{ organization: position.organization, account: position.account }];
  else if (position.organization !== undefined) {
    const organization = position.organization;
    owners = (await lister.folders(`${logsRoot}${organization}/`)).filter(isAccountId).map((account) => ({ organization, account }));
  } else {
    const names = await lister.folders(logsRoot);
    owners = names.filter(isAccountId).map((account) => ({ account }));
    for (const organization of names.filter(isOrganizationId)) {
      const accounts = (await lister.folders(`${logsRoot}${organization}/`)).filter(isAccountId);
      owners.push(...accounts.map((account) => ({ organization, account })));
    }
  }
  if (wanted !== undefined) {
    const found = new Set(owners.map((o) => o.account));
    for (const account of wanted) if (!found.has(account)) notes.push(`${url}: --s3-accounts ${account}: no such account folder under ${logsRoot}`);
    owners = owners.filter((o) => wanted.includes(o.account));
  }
  if (owners.length === 0) {
    throw new InputError(
      wanted !== undefined
        ? `${url}: none of the --s3-accounts (${wanted.join(', ')}) has a folder under ${logsRoot}`
        : `${url}: no account folders under ${logsRoot} (expected ${LOGS_FOLDER}/ACCOUNT/ or ${LOGS_FOLDER}/ORG-ID/ACCOUNT/)`,
    );
  }
  return owners;
}

async function regionsOf(lister: BucketLister, logsRoot: string, owner: Owner, position: LayoutPosition, wanted: readonly string[] | undefined): Promise<string[]> {
  if (position.region !== undefined) return wanted === undefined || wanted.includes(position.region) ? [position.region] : [];
  if (wanted !== undefined) return [...wanted];
  const trailRoot = `${logsRoot}${owner.organization ? `${owner.organization}/` : ''}${owner.account}/${TRAIL_FOLDER}/`;
  return (await lister.folders(trailRoot)).filter(isRegion);
}
