// Ctrl-C during a run leaves no half-written report: --out is written to a temporary file and renamed at the end.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const BIN = new URL('../bin/config-cost.js', import.meta.url).pathname;
const SAMPLE = new URL('../examples/cloudtrail', import.meta.url).pathname;

describe('interrupted runs', () => {
  it('leave neither the report nor a temporary file behind', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'config-cost-interrupt-'));
    const out = join(dir, 'report.json');
    const child = spawn(process.execPath, [BIN, 'estimate', '--events', SAMPLE, '--events', SAMPLE, '--format', 'json', '--out', out], {
      env: { ...process.env, CONFIG_COST_WORKERS: '0' },
    });
    // Interrupt while the files are being read (the sample takes several hundred milliseconds).
    await new Promise((resolve) => setTimeout(resolve, 250));
    child.kill('SIGINT');
    const code = await new Promise<number | null>((resolve) => child.on('close', (c, signal) => resolve(signal ? -1 : c)));
    expect(code).not.toBe(0);
    expect(existsSync(out)).toBe(false);
    expect(readdirSync(dir)).toEqual([]);
  });
});
