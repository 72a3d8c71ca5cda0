import type { DiscoveredInventory } from '../../sources/config-service/inventory.js';
import { flagsText } from '../../sources/config-service/recording.js';
import type { DiscoveredRecorder } from '../../sources/config-service/read-setup.js';
import type { DiscoveredRuleSets } from '../../sources/config-service/rule-set.js';
import type { DiscoverResult } from './index.js';

/** Quotes a shell word when it needs it. */
const shellWord = (word: string) => (word === '' ? "''" : /^[A-Za-z0-9_@%+=:,./-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`);

function describeRecorder(r: DiscoveredRecorder): string {
  if (r.recordingScope === 'INTERNAL') {
    return `${r.name}${r.servicePrincipal ? ` (${r.servicePrincipal})` : ''}: service-linked, free, not counted`;
  }
  const what =
    r.strategy === 'INCLUSION_BY_RESOURCE_TYPES'
      ? `records ${r.resourceTypes.length} type(s) only`
      : r.strategy === 'EXCLUSION_BY_RESOURCE_TYPES'
        ? `records all types but ${r.excludedResourceTypes.length}`
        : 'records all supported types';
  const overrides = r.overrides.reduce((n, o) => n + o.resourceTypes.length, 0);
  const mode = `${r.recordingFrequency.toLowerCase()}${overrides > 0 ? ` (${overrides} type(s) overridden)` : ''}`;
  const state = r.recording === true ? 'recording' : r.recording === false ? 'STOPPED' : 'status unknown';
  return `${r.name}: ${what}, ${mode}, ${state}`;
}

export function renderDiscoverSummary(result: DiscoverResult, ruleSets: DiscoveredRuleSets, inventory: DiscoveredInventory): string {
  const lines: string[] = [];
  const regions = result.setups.map((s) => s.region);
  lines.push(`AWS Config set-up of account ${result.account} in ${regions.join(', ')}`, '');
  lines.push('Recorders');
  const width = Math.max(...regions.map((r) => r.length));
  for (const setup of result.setups) {
    const recorders = setup.recorders.length > 0 ? setup.recorders.map(describeRecorder) : ['none'];
    recorders.forEach((text, i) => lines.push(`  ${(i === 0 ? setup.region : '').padEnd(width)}  ${text}`));
  }
  const c = result.rules;
  lines.push('');
  lines.push(
    `Rules      ${c.written} written from ${c.found} found (${c.inCatalog} in the catalog, ${c.outsideCatalog} outside it: ${c.outsideCatalogOnContainers} on container types, ${c.outsideCatalogAccountLevel} account-level)`,
  );
  lines.push(`           Security Hub copies: ${c.securityHub}, conformance-pack rules: ${c.conformancePack}, custom rules: ${c.custom}, skipped: ${c.skipped}`);
  for (const s of ruleSets.skipped) lines.push(`           skipped ${s.name} (${s.region}): ${s.reason}`);
  const entries = inventory.file.resources;
  const resources = entries.reduce((n, r) => n + r.count, 0);
  lines.push(
    `Inventory  ${resources} container resources in ${entries.length} entries${inventory.leftOut.types > 0 ? ` (not written, other types: ${inventory.leftOut.types}, with ${inventory.leftOut.resources} resources)` : ''}`,
  );
  lines.push(`Recording  ${flagsText(result.recording.flags)}${result.recording.exact ? '' : ' (approximate: see notes)'}`);
  lines.push('', 'Wrote');
  for (const path of [...result.ruleSetPaths, result.inventoryPath]) lines.push(`  ${path}`);
  const command = [
    'config-cost',
    'estimate',
    '--events',
    'PATH',
    '--rules',
    result.rulesSpec,
    '--inventory',
    result.inventoryPath,
    ...result.recording.flags,
  ];
  lines.push('', 'Estimate with', `  ${command.map((w) => (w === 'PATH' ? w : shellWord(w))).join(' ')}`);
  if (result.ruleSetPaths.length > 1) {
    lines.push('  (the account mixes plain and conformance-pack rules: one file each, combined with +)');
  }
  if (result.notes.length > 0) {
    lines.push('', 'Notes');
    for (const note of result.notes) lines.push(`  - ${note}`);
  }
  return `${lines.join('\n')}\n`;
}
