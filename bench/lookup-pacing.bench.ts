// npm run bench:lookup: LookupEvents pacing against the fake CloudTrail endpoint of the tests (127.0.0.1), which
// throttles above 2 requests a second: the source should sustain at least 1.8 requests a second per account and
// region with no throttling storm. Writes .bench/lookup-pacing.json. Archive: SYNTHETIC (config-cost simulate).
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it, vi } from 'vitest';
import { createCloudTrailClient, fetchLookupEvents } from '../src/sources/lookup/index.js';
import { loadTrailRecords, startCloudTrailServer } from '../test/helpers/cloudtrail-server.js';
import { cli } from '../test/helpers/run.js';

const DAYS = Number(process.env.BENCH_LOOKUP_DAYS ?? '7');

it(`sustains >= 1.8 LookupEvents requests a second over ${DAYS} days, without a throttling storm`, async () => {
  const work = mkdtempSync(join(tmpdir(), 'config-cost-pacing-'));
  const archive = join(work, 'trail');
  await cli(['simulate', '--out', archive, '--days', String(DAYS), '--until', '2026-06-10']);
  const server = await startCloudTrailServer({ records: loadTrailRecords(archive), requestsPerSecond: 2 });
  vi.stubEnv('AWS_ENDPOINT_URL_CLOUDTRAIL', server.url);
  vi.stubEnv('AWS_ACCESS_KEY_ID', 'AKIAFAKEPACINGBENCH01');
  vi.stubEnv('AWS_SECRET_ACCESS_KEY', 'fake-secret-pacing-bench');
  vi.stubEnv('AWS_CONFIG_FILE', join(work, 'none'));
  vi.stubEnv('AWS_SHARED_CREDENTIALS_FILE', join(work, 'none'));
  vi.stubEnv('AWS_EC2_METADATA_DISABLED', 'true');
  try {
    const started = Date.now();
    const result = await fetchLookupEvents({
      regions: ['us-east-1'],
      window: { fromMs: Date.parse('2026-06-10T00:00:00Z') - DAYS * 86_400_000, toMs: Date.parse('2026-06-10T00:00:00Z') },
      cacheDir: join(work, 'cache'),
      nowMs: Date.parse('2026-06-10T12:00:00Z'),
      clientFor: (region) => createCloudTrailClient(region),
    });
    const seconds = (Date.now() - started) / 1000;
    const stats = server.stats();
    const figures = { days: DAYS, requests: stats.requests, served: stats.served, throttled: stats.throttled, seconds, requestsPerSecond: stats.served / seconds, events: result.events };
    mkdirSync(new URL('../.bench/', import.meta.url).pathname, { recursive: true });
    writeFileSync(new URL('../.bench/lookup-pacing.json', import.meta.url).pathname, `${JSON.stringify(figures, null, 2)}\n`);
    console.log(figures);
    expect(figures.requestsPerSecond).toBeGreaterThanOrEqual(1.8);
    expect(stats.throttled).toBeLessThanOrEqual(1);
  } finally {
    await server.close();
  }
}, 300_000);
