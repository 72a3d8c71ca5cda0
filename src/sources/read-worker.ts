// A worker thread of the file reader: reads, gunzips, parses and digests the files it is sent, so that
// decompression and JSON parsing run on every core. It answers each file with its digest.
import { parentPort, workerData } from 'node:worker_threads';
import { Assumptions } from '../core/assumptions.js';
import { digestOutcome, type FileDigest } from '../core/file-digest.js';
import { loadAssumptionDefinitions, loadEventCatalog } from '../data/load.js';
import { readEventFile } from './files.js';

export interface ReadWorkerData {
  /** The assumptions in force (they decide CI counts in the catalog match). */
  assumptions: Record<string, string>;
}

export type ReadWorkerReply = { type: 'digest'; digest: FileDigest; records: number } | { type: 'error'; message: string };

const data = workerData as ReadWorkerData;
const catalog = loadEventCatalog(new Assumptions(loadAssumptionDefinitions(), data.assumptions));
const port = parentPort!;

port.on('message', (message: { type: 'file'; path: string }) => {
  readEventFile(message.path)
    .then((outcome) => {
      const digest = digestOutcome(outcome, catalog);
      const reply: ReadWorkerReply = { type: 'digest', digest, records: outcome.kind === 'records' ? outcome.records.length : 0 };
      port.postMessage(reply, [digest.hi.buffer, digest.lo.buffer, digest.hasId.buffer, digest.seconds.buffer, digest.tie.buffer, digest.cls.buffer] as ArrayBuffer[]);
    })
    .catch((error: unknown) => port.postMessage({ type: 'error', message: error instanceof Error ? error.message : String(error) } satisfies ReadWorkerReply));
});
