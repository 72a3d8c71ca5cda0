import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import type { EventCatalog } from '../catalog/event-catalog.js';
import type { Assumptions } from '../core/assumptions.js';
import type { RecordClassifier } from '../core/classify.js';
import type { FileDigest } from '../core/file-digest.js';
import type { InputLedger } from '../core/input-ledger.js';
import { digestEventFile } from './files.js';
import type { ReadWorkerData, ReadWorkerReply } from './read-worker.js';

export interface IngestOptions {
  ledger: InputLedger;
  classifier: RecordClassifier;
  catalog: EventCatalog;
  assumptions: Assumptions;
  /** Called once per file with its record count (progress). */
  onFile?: (records: number) => void;
  /** Worker threads: 0 reads inline; default: one per core for 64 files or more. */
  workers?: number | undefined;
  /** Scan log files in place (default) or parse every file whole (CONFIG_COST_SCAN=0; the two agree). */
  scan?: boolean | undefined;
}

/** Below this many files, starting workers costs more than it saves. */
const WORKER_THRESHOLD = 64;
/** Batches in flight per worker, so a worker never waits for the main thread. */
const IN_FLIGHT = 2;
/** Files per message at most. */
const BATCH = 16;
// From src/sources (tests) and dist/sources (the CLI) alike, the compiled worker is dist/sources/read-worker.js.
const WORKER_URL = new URL('../../dist/sources/read-worker.js', import.meta.url);

export function workerCount(files: number, requested: number | undefined): number {
  if (requested !== undefined) return Math.max(0, Math.floor(requested));
  const fromEnv = process.env.CONFIG_COST_WORKERS;
  if (fromEnv !== undefined && fromEnv !== '') return Math.max(0, Math.floor(Number(fromEnv)) || 0);
  return files >= WORKER_THRESHOLD ? Math.min(4, availableParallelism()) : 0;
}

/**
 * Reads every file into the ledger and the classifier: inline, or on worker threads that read, gunzip, parse
 * and digest while the main thread only merges digests. The result is the same either way (order-independent).
 */
/** Records found in a file, usable or not (progress). */
const recordsIn = (digest: FileDigest) => digest.count + digest.skipped.length;

export async function ingestFiles(files: readonly string[], options: IngestOptions): Promise<void> {
  const workers = workerCount(files.length, options.workers);
  const scan = options.scan ?? process.env.CONFIG_COST_SCAN !== '0';
  let inlineFiles = 0;
  if (workers === 0) {
    for (const path of files) {
      const digest = digestEventFile(path, options.catalog, scan);
      options.ledger.absorb(digest, options.classifier);
      options.onFile?.(recordsIn(digest));
      // Let signals and timers in between files, as the asynchronous reader did.
      if ((++inlineFiles & 63) === 0) await new Promise((resolve) => setImmediate(resolve));
    }
    return;
  }
  const overrides = Object.fromEntries(options.assumptions.list().map((a) => [a.id, String(a.value)]));
  // A small young generation keeps each worker's garbage from piling up between files (memory target).
  const pool = Array.from(
    { length: workers },
    () => new Worker(WORKER_URL, { workerData: { catalog: options.catalog.data, definitions: options.assumptions.definitions, assumptions: overrides, scan } satisfies ReadWorkerData, resourceLimits: { maxYoungGenerationSizeMb: 4 } }),
  );
  let next = 0;
  let done = 0;
  // Files go out in batches: one message (and one reply) per batch instead of per file.
  const batch = Math.max(1, Math.min(BATCH, Math.floor(files.length / (workers * IN_FLIGHT * 4))));
  try {
    await new Promise<void>((resolve, reject) => {
      if (files.length === 0) resolve();
      const send = (worker: Worker) => {
        if (next >= files.length) return;
        const paths = files.slice(next, next + batch);
        next += paths.length;
        worker.postMessage({ type: 'files', paths });
      };
      for (const worker of pool) {
        worker.on('message', (reply: ReadWorkerReply) => {
          if (reply.type === 'error') {
            reject(new Error(`reading files: ${reply.message}`));
            return;
          }
          for (const digest of reply.digests) {
            options.ledger.absorb(digest, options.classifier);
            options.onFile?.(recordsIn(digest));
          }
          done += reply.digests.length;
          if (done === files.length) resolve();
          else send(worker);
        });
        worker.on('error', reject);
        for (let i = 0; i < IN_FLIGHT; i++) send(worker);
      }
    });
  } finally {
    await Promise.all(pool.map((w) => w.terminate()));
  }
}
