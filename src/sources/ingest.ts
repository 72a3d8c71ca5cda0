import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import type { EventCatalog } from '../catalog/event-catalog.js';
import type { Assumptions } from '../core/assumptions.js';
import type { RecordClassifier } from '../core/classify.js';
import type { InputLedger } from '../core/input-ledger.js';
import { readEventFile } from './files.js';
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
}

/** Below this many files, starting workers costs more than it saves. */
const WORKER_THRESHOLD = 64;
/** Files in flight per worker, so a worker never waits for the main thread. */
const IN_FLIGHT = 3;
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
export async function ingestFiles(files: readonly string[], options: IngestOptions): Promise<void> {
  const workers = workerCount(files.length, options.workers);
  if (workers === 0) {
    for (const path of files) {
      const outcome = await readEventFile(path);
      options.ledger.ingest(outcome, options.classifier, options.catalog);
      options.onFile?.(outcome.kind === 'records' ? outcome.records.length : 0);
    }
    return;
  }
  const overrides = Object.fromEntries(options.assumptions.list().map((a) => [a.id, String(a.value)]));
  // A small young generation keeps each worker's garbage from piling up between files (memory target).
  const pool = Array.from(
    { length: workers },
    () => new Worker(WORKER_URL, { workerData: { assumptions: overrides } satisfies ReadWorkerData, resourceLimits: { maxYoungGenerationSizeMb: 4 } }),
  );
  let next = 0;
  let done = 0;
  try {
    await new Promise<void>((resolve, reject) => {
      if (files.length === 0) resolve();
      const send = (worker: Worker) => {
        if (next < files.length) worker.postMessage({ type: 'file', path: files[next++] });
      };
      for (const worker of pool) {
        worker.on('message', (reply: ReadWorkerReply) => {
          if (reply.type === 'error') {
            reject(new Error(`reading files: ${reply.message}`));
            return;
          }
          options.ledger.absorb(reply.digest, options.classifier);
          options.onFile?.(reply.records);
          done += 1;
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
