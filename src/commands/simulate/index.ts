/**
 * `config-cost simulate`: writes a synthetic CloudTrail archive for a container CI/CD account and
 * a manifest of what it contains, so the estimator can be checked against known answers.
 */
import { mkdir, readdir } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { UsageError } from '../../errors.js';
import { writeFileAtomic } from '../../io/write-output.js';
import { generateArchive } from '../../simulate/generate.js';
import type { SimulateOptions } from '../../simulate/options.js';
import { SECONDS_PER_DAY, isoDate } from '../../simulate/time.js';
import type { SimulateManifest } from '../../simulate/types.js';
import { writeArchive, type WrittenArchive } from '../../simulate/write.js';
import type { CommandIO } from '../io.js';
import { resolveSimulateOptions } from './options.js';

export interface SimulateCommandOptions extends Partial<SimulateOptions> {
  /** Folder to write the archive into (required). */
  out?: string | undefined;
  /** Also write the manifest JSON here. */
  manifest?: string | undefined;
  /** Base for relative paths; the process working directory by default. */
  cwd?: string | undefined;
}

export interface SimulateResult {
  manifest: SimulateManifest;
  options: SimulateOptions;
  outDir: string;
  manifestPath?: string | undefined;
  written: WrittenArchive;
}

export async function runSimulate(opts: SimulateCommandOptions, io: CommandIO): Promise<SimulateResult> {
  const { out, manifest: manifestOption, cwd, ...simulateInput } = opts;
  if (out === undefined || out.trim() === '') throw new UsageError('give --out DIR: the folder to write the archive into');
  const options = resolveSimulateOptions(simulateInput);
  const base = cwd ?? process.cwd();
  const outDir = resolve(base, out);
  await refuseExistingArchive(outDir);

  const archive = generateArchive(options);
  const written = await writeArchive(archive, outDir).catch((error: unknown) => {
    throw new UsageError(`cannot write the archive under ${outDir}: ${errorCode(error)}`);
  });

  let manifestPath: string | undefined;
  if (manifestOption !== undefined && manifestOption !== '') {
    manifestPath = resolve(base, manifestOption);
    await mkdir(dirname(manifestPath), { recursive: true });
    await writeFileAtomic(manifestPath, `${JSON.stringify(archive.manifest, null, 2)}\n`);
  }

  io.stdout(`${describeArchive(archive.manifest, outDir, written, manifestPath)}\n`);
  return { manifest: archive.manifest, options, outDir, manifestPath, written };
}

/** Mixing two runs in one folder would make the manifest wrong without anyone noticing. */
async function refuseExistingArchive(outDir: string): Promise<void> {
  const existing = await readdir(join(outDir, 'AWSLogs')).catch(() => []);
  if (existing.length > 0) {
    throw new UsageError(`${outDir} already holds an AWSLogs/ archive; delete it or choose an empty --out folder`);
  }
}

const errorCode = (error: unknown): string =>
  (error as NodeJS.ErrnoException).code ?? (error instanceof Error ? error.message : String(error));

const n = (value: number): string => value.toLocaleString('en-US');
const plural = (count: number, one: string, many = `${one}s`): string => `${n(count)} ${count === 1 ? one : many}`;

/** The one-paragraph summary printed after writing. */
export function describeArchive(
  m: SimulateManifest,
  outDir: string,
  written: WrittenArchive,
  manifestPath?: string,
): string {
  const firstDay = m.window.from.slice(0, 10);
  const lastDay = isoDate(Date.parse(m.window.to) / 1000 - SECONDS_PER_DAY);
  const shownAccounts = m.accounts.length > 3 ? `${m.accounts.slice(0, 3).join(', ')}, ...` : m.accounts.join(', ');
  const a = m.actions;
  const r = m.records;
  const ci = Object.entries(m.expectedConfigurationItems)
    .map(([type, count]) => `${n(count)} ${type}`)
    .join(', ');
  return [
    `Wrote a SYNTHETIC CloudTrail archive (seed ${m.seed}; not real AWS data) to ${outDir}:`,
    `${plural(m.files.logFiles, 'log file')} and ${plural(m.files.digestFiles, 'digest file')} (${n(written.bytes)} bytes gzipped)`,
    `holding ${plural(r.total, 'record')} (${n(r.unique)} unique, ${n(r.duplicates)} delivered twice, ${plural(r.failed, 'failed call')})`,
    `for ${plural(m.accounts.length, 'account')} (${shownAccounts}) in ${m.region}, ${plural(m.window.days, 'day')} from ${firstDay} to ${lastDay}.`,
    `It creates ${plural(a.clustersCreated, 'cluster')}, ${plural(a.repositoriesCreated, 'repository', 'repositories')} and ${plural(a.servicesCreated, 'service')} in the first minute,`,
    `then ${plural(a.deploys, 'deploy')} (image push, task definition registration, service update, deregistration of the old revision),`,
    `${plural(a.autoscalingUpdates, 'auto scaling desiredCount change')}, ${plural(a.forcedRedeploys, 'forced redeploy')},`,
    `${plural(a.networkInterfacesCreated, 'task network interface')} created and ${n(a.networkInterfacesDeleted)} deleted by ECS as it starts and stops tasks (awsvpc),`,
    `and ${n(r.readOnly + r.unrelatedWrites)} background records (${n(r.readOnly)} read-only, ${n(r.unrelatedWrites)} unrelated writes).`,
    `Expected configuration items: ${ci}.`,
    manifestPath ? `Manifest: ${manifestPath}.` : 'Pass --manifest FILE to save these counts as JSON.',
  ].join(' ');
}
