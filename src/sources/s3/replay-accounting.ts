/**
 * Folds a fetched trail into the replay's input accounting: warnings name `s3://bucket/key` instead of the
 * local copy, and objects that could not be downloaded are skipped files (reason `s3-download-failed`),
 * which makes the result incomplete, as any unreadable file does.
 */
import type { InputAccounting, InputWarning } from '../../core/input-ledger.js';
import type { DownloadFailure } from './download.js';

export const DOWNLOAD_FAILED = 's3-download-failed';

// The ledger's order (src/core/input-ledger.ts): by file, then record.
const byFileThenRecord = (a: InputWarning, b: InputWarning) => (a.file !== b.file ? (a.file < b.file ? -1 : 1) : (a.record ?? -1) - (b.record ?? -1));

export function withFetchedTrail(accounting: InputAccounting, failures: readonly DownloadFailure[], sourceOf: (path: string) => string): InputAccounting {
  const warnings = [
    ...accounting.warnings.map((w) => ({ ...w, file: sourceOf(w.file) })),
    ...failures.map((f): InputWarning => ({ file: f.url, reason: f.reason })),
  ].sort(byFileThenRecord);
  if (failures.length === 0) return { ...accounting, warnings };
  const counts = { ...accounting.skipped.byReason, [DOWNLOAD_FAILED]: (accounting.skipped.byReason[DOWNLOAD_FAILED] ?? 0) + failures.length };
  const byReason = Object.fromEntries(Object.entries(counts).sort(([a], [b]) => (a < b ? -1 : 1)));
  return {
    files: { ...accounting.files, skipped: accounting.files.skipped + failures.length },
    skipped: { ...accounting.skipped, files: accounting.skipped.files + failures.length, byReason },
    warnings,
    incomplete: true,
  };
}
