#!/usr/bin/env node
// npm run bench: time `config-cost estimate` on a ~1 GB synthetic archive against `gzip -dc` and `jq` on the same
// files, several runs each (medians), with peak memory from /usr/bin/time -v. Writes .bench/results.json.
// The archive is made once by `config-cost simulate` and cached in .bench/ (SYNTHETIC, not real AWS data).
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, statSync, writeFileSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const ROOT = new URL('..', import.meta.url).pathname;
const BENCH = join(ROOT, '.bench');
const SCALE = Number(process.env.BENCH_SCALE ?? '1'); // 4 for the 4x archive
const ARCHIVE = join(BENCH, `archive-x${SCALE}`);
const RUNS = Number(process.env.BENCH_RUNS ?? '3');
const BIN = join(ROOT, 'bin/config-cost.js');

// Follows symbolic links, as config-cost does (a 1x archive may link the 4x archive's first month).
function filesUnder(dir) {
  const out = [];
  for (const name of readdirSync(dir)) {
    const full = join(dir, name);
    if (statSync(full).isDirectory()) out.push(...filesUnder(full));
    else out.push(full);
  }
  return out.sort();
}

// One simulated month per scale step (the simulator holds an archive in memory, so a 4x archive is four months,
// each with its own seed), in parts under ARCHIVE.
const parts = Array.from({ length: SCALE }, (_, k) => ({ dir: join(ARCHIVE, `part${k + 1}`), until: new Date(Date.UTC(2026, 10, 2) - k * 30 * 86_400_000).toISOString().slice(0, 10), seed: k + 1 }));
for (const part of parts) {
  if (existsSync(join(part.dir, 'AWSLogs'))) continue;
  mkdirSync(BENCH, { recursive: true });
  console.error(`generating the synthetic archive (part ${part.seed} of ${SCALE}) in ${part.dir} ...`);
  // A busy account: ~28,000 unrelated or read-only records a day and 20 services deploying 5 times a weekday.
  execFileSync(process.execPath, [BIN, 'simulate', '--out', part.dir, '--days', '30', '--until', part.until, '--seed', String(part.seed),
    '--services', '20', '--deploys-per-day', '5', '--noise-per-day', '28000', '--manifest', `${ARCHIVE}-part${part.seed}.manifest.json`], { stdio: ['ignore', 'ignore', 'inherit'] });
}

const logFiles = filesUnder(ARCHIVE).filter((f) => f.endsWith('.json.gz') && !f.includes('CloudTrail-Digest'));
const gzBytes = logFiles.reduce((n, f) => n + statSync(f).size, 0);
const manifests = parts.map((part) => JSON.parse(readFileSync(`${ARCHIVE}-part${part.seed}.manifest.json`, 'utf8')));

function timeIt(label, command, args, options = {}) {
  const seconds = [];
  let maxRssKb = 0;
  for (let i = 0; i < RUNS; i++) {
    const r = spawnSync('/usr/bin/time', ['-v', command, ...args], { ...options, encoding: 'utf8', maxBuffer: 1 << 30 });
    if (r.status !== 0 && r.status !== 3) throw new Error(`${label} failed: ${r.stderr.slice(-500)}`);
    const wall = /Elapsed \(wall clock\) time \(h:mm:ss or m:ss\): (?:(\d+):)?(\d+):([\d.]+)/.exec(r.stderr);
    const rss = /Maximum resident set size \(kbytes\): (\d+)/.exec(r.stderr);
    seconds.push(Number(wall[1] ?? 0) * 3600 + Number(wall[2]) * 60 + Number(wall[3]));
    maxRssKb = Math.max(maxRssKb, Number(rss[1]));
  }
  const sorted = [...seconds].sort((a, b) => a - b);
  return { label, runs: seconds, median: sorted[Math.floor(sorted.length / 2)], maxRssMB: Math.round(maxRssKb / 1024) };
}

const listFile = join(BENCH, `files-x${SCALE}.txt`);
writeFileSync(listFile, logFiles.join('\0'));
const gzip = timeIt('gzip -dc (single stream)', 'sh', ['-c', `xargs -0 gzip -dc < '${listFile}' > /dev/null`]);
const jqFilter = '.Records[] | select((.eventSource == "ecs.amazonaws.com" or .eventSource == "ecr.amazonaws.com" or .eventSource == "eks.amazonaws.com") and .readOnly == false)';
const jq = spawnSync('which', ['jq']).status === 0 ? timeIt('jq', 'sh', ['-c', `xargs -0 gzip -dc < '${listFile}' | jq -c '${jqFilter}' > /dev/null`]) : null;
const tool = timeIt('config-cost estimate', process.execPath, [BIN, 'estimate', '--events', ARCHIVE, '--days', String(30 * SCALE + 2), '--format', 'json', '--quiet', '--allow-partial']);

// The memory target counts the deduplication index apart: one more run reports its size.
const statsRun = spawnSync(process.execPath, [BIN, 'estimate', '--events', ARCHIVE, '--days', String(30 * SCALE + 2), '--format', 'json', '--quiet', '--allow-partial'], {
  encoding: 'utf8',
  maxBuffer: 1 << 30,
  env: { ...process.env, CONFIG_COST_STATS: '1' },
});
const stats = JSON.parse(/^stats: (.*)$/m.exec(statsRun.stderr)[1]);
const indexMB = Math.round(stats.dedupeIndex.bytes / 1048576);

const uncompressed = Number(execFileSync('sh', ['-c', `xargs -0 gzip -dc < '${listFile}' | wc -c`], { encoding: 'utf8' }).trim());
const records = manifests.reduce((n, m) => n + m.records.total, 0);
const results = {
  date: new Date().toISOString(),
  machine: { cpus: (await import('node:os')).cpus().length, model: (await import('node:os')).cpus()[0]?.model, node: process.version },
  archive: { scale: SCALE, files: logFiles.length, gzBytes, uncompressedBytes: uncompressed, records, synthetic: true },
  runs: RUNS,
  gzip,
  jq,
  configCost: tool,
  dedupeIndex: { MB: indexMB, uniqueEventIds: stats.dedupeIndex.unique, bytesPerUnique: +(stats.dedupeIndex.bytes / stats.dedupeIndex.unique).toFixed(1) },
  peakApartFromIndexMB: tool.maxRssMB - indexMB,
  ratios: { toolOverGzip: +(tool.median / gzip.median).toFixed(3), jqOverTool: jq ? +(jq.median / tool.median).toFixed(3) : null },
  recordsPerSecond: Math.round(records / tool.median),
};
writeFileSync(join(BENCH, `results-x${SCALE}.json`), `${JSON.stringify(results, null, 2)}\n`);
console.log(JSON.stringify(results, null, 2));
