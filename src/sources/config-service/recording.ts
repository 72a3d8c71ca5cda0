import type { RecordingMode } from '../../core/recording.js';
import type { AccountConfigSetup, DiscoveredRecorder, RecordingFrequency } from './read-setup.js';

/** Compliance results are recorded as this type; `--exclude-types` / `--record-types` decide it like any other. */
export const RESOURCE_COMPLIANCE = 'AWS::Config::ResourceCompliance';

/** How one region records, in the terms `estimate` takes. */
export interface RegionRecording {
  region: string;
  /** The customer-managed (billed) recorder's name; null when the region has none. */
  paidRecorder: string | null;
  /** Service-linked recorders (recordingScope INTERNAL): reported, free, not counted. */
  freeRecorders: { name: string; servicePrincipal?: string | undefined }[];
  /** DescribeConfigurationRecorderStatus of the paid recorder; null when unknown. */
  recording: boolean | null;
  mode: RecordingMode;
  /** INCLUSION_BY_RESOURCE_TYPES, narrowed to the types the model counts. */
  recordTypes?: string[] | undefined;
  /** EXCLUSION_BY_RESOURCE_TYPES, narrowed to the types the model counts. */
  excludeTypes?: string[] | undefined;
  /** Recorded container types whose frequency override differs from `mode` (estimate takes one mode). */
  otherFrequencyTypes: string[];
}

/** The recorders of all regions summarised as the flags `estimate` takes. */
export interface RecordingSummary {
  mode: RecordingMode;
  recordTypes?: string[] | undefined;
  excludeTypes?: string[] | undefined;
  /** argv form: ['--recording', 'daily', '--exclude-types', 'AWS::EC2::NetworkInterface']. */
  flags: string[];
  /** False when the flags cannot say everything (per-type overrides, regions that differ). */
  exact: boolean;
  notes: string[];
  byRegion: RegionRecording[];
}

const byName = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
const modeOf = (f: RecordingFrequency): RecordingMode => (f === 'DAILY' ? 'daily' : 'continuous');

export function isRecordedBy(recorder: DiscoveredRecorder, resourceType: string): boolean {
  switch (recorder.strategy) {
    case 'INCLUSION_BY_RESOURCE_TYPES':
      return recorder.resourceTypes.includes(resourceType);
    case 'EXCLUSION_BY_RESOURCE_TYPES':
      return !recorder.excludedResourceTypes.includes(resourceType);
    default:
      return true;
  }
}

export function frequencyFor(recorder: DiscoveredRecorder, resourceType: string): RecordingFrequency {
  // Daily cannot be set for compliance results; AWS keeps them continuous.
  if (resourceType === RESOURCE_COMPLIANCE) return 'CONTINUOUS';
  const override = recorder.overrides.find((o) => o.resourceTypes.includes(resourceType));
  return override?.recordingFrequency ?? recorder.recordingFrequency;
}

function regionRecording(setup: AccountConfigSetup, modelTypes: readonly string[]): RegionRecording {
  const paid = setup.recorders.find((r) => r.recordingScope === 'PAID');
  const freeRecorders = setup.recorders
    .filter((r) => r.recordingScope === 'INTERNAL')
    .map((r) => ({ name: r.name, servicePrincipal: r.servicePrincipal }));
  if (!paid) {
    return { region: setup.region, paidRecorder: null, freeRecorders, recording: null, mode: 'continuous', recordTypes: [], otherFrequencyTypes: [] };
  }
  const relevant = new Set([...modelTypes, RESOURCE_COMPLIANCE]);
  const recordedModel = modelTypes.filter((t) => isRecordedBy(paid, t));
  const modes = new Set(recordedModel.map((t) => frequencyFor(paid, t)));
  const frequency: RecordingFrequency = modes.size === 1 ? [...modes][0]! : paid.recordingFrequency;
  const otherFrequencyTypes = recordedModel.filter((t) => frequencyFor(paid, t) !== frequency).sort(byName);
  const region: RegionRecording = {
    region: setup.region,
    paidRecorder: paid.name,
    freeRecorders,
    recording: paid.recording,
    mode: modeOf(frequency),
    otherFrequencyTypes,
  };
  if (paid.strategy === 'INCLUSION_BY_RESOURCE_TYPES') region.recordTypes = paid.resourceTypes.filter((t) => relevant.has(t)).sort(byName);
  if (paid.strategy === 'EXCLUSION_BY_RESOURCE_TYPES') {
    const excluded = paid.excludedResourceTypes.filter((t) => relevant.has(t)).sort(byName);
    if (excluded.length > 0) region.excludeTypes = excluded;
  }
  return region;
}

export function recordingFlags(settings: { mode: RecordingMode; recordTypes?: string[] | undefined; excludeTypes?: string[] | undefined }): string[] {
  const flags = ['--recording', settings.mode];
  if (settings.recordTypes !== undefined) flags.push('--record-types', settings.recordTypes.join(','));
  if (settings.excludeTypes !== undefined && settings.excludeTypes.length > 0) flags.push('--exclude-types', settings.excludeTypes.join(','));
  return flags;
}

/** argv flags as a shell line: an empty value is written ''. */
export function flagsText(flags: readonly string[]): string {
  return flags.map((f) => (f === '' ? "''" : f)).join(' ');
}

/**
 * Summarises the recorders of every region as `--recording`, `--record-types` / `--exclude-types`.
 * Only the types the model counts (`modelTypes`, plus compliance results) go into the flags: the rest of an
 * inclusion or exclusion list changes nothing in the estimate.
 */
export function summariseRecording(setups: readonly AccountConfigSetup[], modelTypes: readonly string[]): RecordingSummary {
  const byRegion = setups.map((s) => regionRecording(s, modelTypes));
  const notes: string[] = [];
  let exact = true;
  for (const r of byRegion) {
    for (const free of r.freeRecorders) {
      notes.push(`${r.region}: service-linked recorder ${free.name}${free.servicePrincipal ? ` (${free.servicePrincipal})` : ''} records for free (recordingScope INTERNAL): not counted`);
    }
    if (r.paidRecorder !== null && r.recording === false) {
      notes.push(`${r.region}: recorder ${r.paidRecorder} is stopped: it records nothing now; the flags describe it as configured`);
    }
    if (r.otherFrequencyTypes.length > 0) {
      exact = false;
      notes.push(
        `${r.region}: ${r.otherFrequencyTypes.join(', ')} recorded ${r.mode === 'daily' ? 'continuously' : 'daily'} by a recording-mode override; estimate takes one --recording for all types, so they are modelled ${r.mode} (the recording advice shows the other frequency)`,
      );
    }
  }
  const paid = byRegion.filter((r) => r.paidRecorder !== null);
  const unpaid = byRegion.filter((r) => r.paidRecorder === null);
  if (paid.length === 0) {
    notes.push(`no customer-managed recorder in ${byRegion.map((r) => r.region).join(', ')}: nothing billable is recorded (--record-types '' models that)`);
    const settings = { mode: 'continuous' as RecordingMode, recordTypes: [] as string[] };
    return { ...settings, excludeTypes: undefined, flags: recordingFlags(settings), exact, notes, byRegion };
  }
  if (unpaid.length > 0) {
    exact = false;
    notes.push(
      `${unpaid.map((r) => r.region).join(', ')}: no customer-managed recorder, so no billed configuration items there; estimate applies one recording setting to every region: leave their CloudTrail out of --events`,
    );
  }
  const key = (r: RegionRecording) => JSON.stringify([r.mode, r.recordTypes ?? null, r.excludeTypes ?? null]);
  const chosen = paid[0]!;
  if (paid.some((r) => key(r) !== key(chosen))) {
    exact = false;
    notes.push(
      `the regions record differently (${paid.map((r) => `${r.region}: ${flagsText(recordingFlags(r))}`).join('; ')}); the flags are ${chosen.region}'s: run estimate per region for the others`,
    );
  }
  const settings = { mode: chosen.mode, recordTypes: chosen.recordTypes, excludeTypes: chosen.excludeTypes };
  return { ...settings, flags: recordingFlags(settings), exact, notes, byRegion };
}
