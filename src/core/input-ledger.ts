import type { FileOutcome } from '../sources/files.js';
import type { RecordClassifier } from './classify.js';
import type { EventCatalog } from '../catalog/event-catalog.js';
import { digestOutcome, type FileDigest } from './file-digest.js';
import type { RecordSkipReason } from './record.js';

export interface InputWarning {
  file: string;
  /** Index of the record in its file, where the warning is about one record. */
  record?: number;
  reason: string;
}

export interface InputAccounting {
  files: { read: number; digest: number; insights: number; skipped: number };
  skipped: { files: number; records: number; byReason: Record<string, number> };
  warnings: InputWarning[];
  incomplete: boolean;
}

/** Skipped records that say nothing is missing: Insights events are not management events. */
const BENIGN_RECORD_REASONS: ReadonlySet<string> = new Set<RecordSkipReason>(['insight-event']);

/**
 * Keeps the books of the input: every file and every record is accounted for, either handed to the
 * classifier or counted as skipped with its reason.
 */
export class InputLedger {
  private readonly accounting: InputAccounting = {
    files: { read: 0, digest: 0, insights: 0, skipped: 0 },
    skipped: { files: 0, records: 0, byReason: {} },
    warnings: [],
    incomplete: false,
  };

  /** Feeds one file's records to the classifier and accounts for the file. */
  ingest(outcome: FileOutcome, classifier: RecordClassifier, catalog: EventCatalog): void {
    this.absorb(digestOutcome(outcome, catalog), classifier);
  }

  /** Accounts for a file already reduced to its digest (inline or in a worker) and classifies its records. */
  absorb(digest: FileDigest, classifier: RecordClassifier): void {
    const files = this.accounting.files;
    switch (digest.kind) {
      case 'digest':
        files.digest += 1;
        return;
      case 'insights':
        files.insights += 1;
        return;
      case 'unreadable':
        files.skipped += 1;
        this.accounting.skipped.files += 1;
        this.countReason(digest.code ?? 'unreadable');
        this.warn({ file: digest.path, reason: digest.reason ?? 'unreadable' });
        return;
      case 'records':
        files.read += 1;
        for (const bad of digest.skipped) this.skipRecord(digest.path, bad.index, bad.reason);
        classifier.addDigest(digest);
    }
  }

  private skipRecord(file: string, index: number, reason: string): void {
    this.accounting.skipped.records += 1;
    this.countReason(reason);
    if (!BENIGN_RECORD_REASONS.has(reason)) this.warn({ file, record: index, reason });
  }

  private countReason(reason: string): void {
    const byReason = this.accounting.skipped.byReason;
    byReason[reason] = (byReason[reason] ?? 0) + 1;
  }

  private warn(warning: InputWarning): void {
    this.accounting.warnings.push(warning);
    this.accounting.incomplete = true;
  }

  get usableFiles(): number {
    return this.accounting.files.read + this.accounting.files.digest + this.accounting.files.insights;
  }

  /** The accounting, with warnings in a fixed order so the report does not depend on reading order. */
  result(): InputAccounting {
    const warnings = [...this.accounting.warnings].sort((a, b) =>
      a.file !== b.file ? (a.file < b.file ? -1 : 1) : (a.record ?? -1) - (b.record ?? -1),
    );
    const byReason = Object.fromEntries(Object.entries(this.accounting.skipped.byReason).sort(([a], [b]) => (a < b ? -1 : 1)));
    return { ...this.accounting, warnings, skipped: { ...this.accounting.skipped, byReason } };
  }
}
