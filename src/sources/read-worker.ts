// A worker thread of the file reader: reads, gunzips and digests the files it is sent (scanning log files in
// place), so that decompression and scanning run on every core. It answers each file with its digest.
import { parentPort, workerData } from 'node:worker_threads';
import { EventCatalog } from '../catalog/event-catalog.js';
import type { AssumptionDefinition, EventCatalogData } from '../catalog/schema.js';
import { Assumptions } from '../core/assumptions.js';
import type { FileDigest } from '../core/file-digest.js';
import { digestEventFile } from './files.js';

export interface ReadWorkerData {
  /** The catalog and assumption definitions the main thread loaded and validated (no validator loaded here). */
  catalog: EventCatalogData;
  definitions: readonly AssumptionDefinition[];
  /** The assumptions in force (they decide CI counts in the catalog match). */
  assumptions: Record<string, string>;
  /** Scan log files in place (see digestEventFile). */
  scan: boolean;
}

export type ReadWorkerReply = { type: 'digests'; digests: FileDigest[] } | { type: 'error'; message: string };

const data = workerData as ReadWorkerData;
const catalog = new EventCatalog(data.catalog, new Assumptions(data.definitions, data.assumptions));
const port = parentPort!;

port.on('message', (message: { type: 'files'; paths: string[] }) => {
  try {
    const digests = message.paths.map((path) => digestEventFile(path, catalog, data.scan));
    // A finished digest's arrays share one buffer; a skipped file's digest has its own empty ones.
    const buffers = new Set(digests.flatMap((d) => [d.hi.buffer, d.lo.buffer, d.hasId.buffer, d.seconds.buffer, d.tie.buffer, d.cls.buffer] as ArrayBuffer[]));
    port.postMessage({ type: 'digests', digests } satisfies ReadWorkerReply, [...buffers]);
  } catch (error) {
    port.postMessage({ type: 'error', message: error instanceof Error ? error.message : String(error) } satisfies ReadWorkerReply);
  }
});
