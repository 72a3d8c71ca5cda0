// The result must not depend on the order of files or of records inside them.
import { describe, expect, it } from 'vitest';
import { estimateFiles } from '../src/commands/estimate/index.js';
import { prepareReplay } from '../src/commands/estimate/prepare.js';
import { listEventFiles } from '../src/sources/files.js';
import { renderJson } from '../src/report/json.js';
import { DATASETS } from './helpers/run.js';

function shuffled<T>(items: readonly T[], seed: number): T[] {
  const out = [...items];
  let s = seed;
  for (let i = out.length - 1; i > 0; i--) {
    s = (s * 1103515245 + 12345) % 2 ** 31;
    const j = s % (i + 1);
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

describe('order independence', () => {
  it('gives byte-identical JSON for shuffled and reversed files', async () => {
    const events = [new URL('../examples/cloudtrail', import.meta.url).pathname, `${DATASETS}trailscraper-fixtures`, `${DATASETS}panther-analysis-ecr`];
    const files = await listEventFiles(events);
    const context = prepareReplay({ events, days: 30, recording: 'continuous', rules: ['containers-all', 'pack:Security-Best-Practices-for-ECS'], assume: [] });
    const quiet = { stdout: () => {}, stderr: () => {} };
    const reference = renderJson(await estimateFiles(files, context, quiet));
    for (const seed of [1, 2, 3]) {
      const order = shuffled(files, seed);
      expect(order).not.toEqual(files);
      expect(renderJson(await estimateFiles(order, context, quiet))).toBe(reference);
    }
    expect(renderJson(await estimateFiles([...files].reverse(), context, quiet))).toBe(reference);
  });
});
