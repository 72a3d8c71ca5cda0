// The fast path changes no number: worker threads and the log-file scanner give the same JSON as reading
// inline and parsing every file whole; the dedupe index stays under 24 bytes per unique eventID and agrees
// with a plain Set.
import { describe, expect, it } from 'vitest';
import { prepareReplay } from '../src/commands/estimate/prepare.js';
import { estimateFiles } from '../src/commands/estimate/index.js';
import { CountedIndex } from '../src/core/counted-index.js';
import { DedupeTable } from '../src/core/dedupe-table.js';
import { hash64 } from '../src/core/eventid-hash.js';
import { listEventFiles } from '../src/sources/files.js';
import { renderJson } from '../src/report/json.js';

const SAMPLE = new URL('../examples/cloudtrail', import.meta.url).pathname;

describe('the fast path', () => {
  it('worker threads, inline reading and whole-file parsing give byte-identical JSON on the sample', async () => {
    const files = await listEventFiles([SAMPLE]);
    const context = prepareReplay({ events: [SAMPLE], days: 30, recording: 'continuous', rules: ['containers-all'], assume: [] });
    const quiet = { stdout: () => {}, stderr: () => {} };
    const saved = { workers: process.env.CONFIG_COST_WORKERS, scan: process.env.CONFIG_COST_SCAN };
    const run = async (workers: string, scan: string) => {
      process.env.CONFIG_COST_WORKERS = workers;
      process.env.CONFIG_COST_SCAN = scan;
      return renderJson(await estimateFiles(files, context, quiet));
    };
    try {
      const simple = await run('0', '0'); // inline, every file parsed whole: the simple path
      expect(JSON.parse(simple).events.counted).toBeGreaterThan(0);
      expect(await run('0', '1')).toBe(simple);
      expect(await run('2', '1')).toBe(simple);
      expect(await run('2', '0')).toBe(simple);
    } finally {
      for (const [name, value] of [['CONFIG_COST_WORKERS', saved.workers], ['CONFIG_COST_SCAN', saved.scan]] as const) {
        if (value === undefined) delete process.env[name];
        else process.env[name] = value;
      }
    }
  }, 60_000);

  it('keeps the dedupe index under 24 bytes per unique eventID, and agrees with a Set', () => {
    const table = new DedupeTable();
    const seen = new Set<string>();
    let duplicates = 0;
    for (let i = 0; i < 200_000; i++) {
      const id = `e-${(i * 7919) % 150_000}`;
      const [hi, lo] = hash64(id);
      const { outcome } = table.offer(hi, lo, 1_700_000_000 + i, 0, 2);
      if (outcome !== 'new') duplicates += 1;
      expect(outcome === 'new').toBe(!seen.has(id));
      seen.add(id);
    }
    expect(table.size).toBe(seen.size);
    expect(duplicates).toBe(200_000 - seen.size);
    expect(table.bytes / table.size).toBeLessThanOrEqual(24);
  });

  it('finds counted events by eventID hash as a Map would, through growth and overwrites', () => {
    const index = new CountedIndex(4);
    const reference = new Map<string, number>();
    for (let i = 0; i < 50_000; i++) {
      const [hi, lo] = hash64(`id-${(i * 31) % 20_000}`);
      const value = i % 7 === 0 ? -1 : i;
      index.set(hi, lo, value);
      reference.set(`${hi}:${lo}`, value);
    }
    for (const [key, value] of reference) {
      const [hi, lo] = key.split(':').map(Number) as [number, number];
      expect(index.get(hi, lo)).toBe(value);
    }
    expect(index.get(1, 2)).toBeUndefined();
  });

  it('keeps the earlier record of a duplicated eventID whichever comes first', () => {
    for (const order of [[10, 20], [20, 10]]) {
      const table = new DedupeTable();
      for (const seconds of order) table.offer(1, 2, seconds, 0, seconds === 10 ? 3 : 1);
      const held: number[] = [];
      table.forEach((seconds, cls) => held.push(seconds, cls));
      expect(held).toEqual([10, 3]);
    }
  });
});
