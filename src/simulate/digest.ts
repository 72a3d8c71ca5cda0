/**
 * One CloudTrail digest file per delivery day: the list of log files delivered that day, chained
 * to the previous digest. Hashes and signatures are random hex of the right length, not real
 * SHA-256 or RSA values (the archive is synthetic and must stay pure to generate).
 */
import type { TrailLocation } from './delivery.js';
import type { Prng } from '../core/prng.js';
import { SECONDS_PER_DAY, compactSecond, datePath, isoSeconds, startOfUtcDay } from './time.js';
import type { DigestFile, DigestLogFileEntry, LogFile } from './types.js';

export interface DigestTrail extends TrailLocation {
  bucket: string;
  trailName: string;
}

export function digestFileKey(trail: DigestTrail, deliveredAt: number): string {
  const { prefix, accountId, region, trailName } = trail;
  return (
    `${prefix}${accountId}/CloudTrail-Digest/${region}/${datePath(deliveredAt)}/` +
    `${accountId}_CloudTrail-Digest_${region}_${trailName}_${region}_${compactSecond(deliveredAt)}.json.gz`
  );
}

/** Digests from the window's first day through the last day any log file was delivered. */
export function buildDigests(logFiles: readonly LogFile[], trail: DigestTrail, from: number, prng: Prng): DigestFile[] {
  const filesByDay = new Map<number, LogFile[]>();
  for (const file of logFiles) {
    const day = startOfUtcDay(Date.parse(file.deliveredAt) / 1000);
    const sameDay = filesByDay.get(day);
    if (sameDay) sameDay.push(file);
    else filesByDay.set(day, [file]);
  }
  const lastDay = Math.max(from, ...filesByDay.keys());
  const fingerprint = prng.hex(32);
  const digests: DigestFile[] = [];

  for (let dayStart = from; dayStart <= lastDay; dayStart += SECONDS_PER_DAY) {
    const dayEnd = dayStart + SECONDS_PER_DAY;
    const entries = (filesByDay.get(dayStart) ?? []).map((f) => logFileEntry(f, trail.bucket, prng));
    const delivered = dayEnd + prng.int(60, 30 * 60);
    const key = digestFileKey(trail, delivered);
    const previous = digests.at(-1);
    const eventTimes = entries.flatMap((e) => [e.oldestEventTime, e.newestEventTime]).sort();
    digests.push({
      key,
      deliveredAt: isoSeconds(delivered),
      body: {
        awsAccountId: trail.accountId,
        digestStartTime: isoSeconds(dayStart),
        digestEndTime: isoSeconds(dayEnd),
        digestS3Bucket: trail.bucket,
        digestS3Object: key,
        digestPublicKeyFingerprint: fingerprint,
        digestSignatureAlgorithm: 'SHA256withRSA',
        newestEventTime: eventTimes.at(-1) ?? null,
        oldestEventTime: eventTimes[0] ?? null,
        previousDigestS3Bucket: previous ? trail.bucket : null,
        previousDigestS3Object: previous ? previous.key : null,
        previousDigestHashValue: previous ? prng.hex(64) : null,
        previousDigestHashAlgorithm: previous ? 'SHA-256' : null,
        previousDigestSignature: previous ? prng.hex(512) : null,
        logFiles: entries,
      },
    });
  }
  return digests;
}

function logFileEntry(file: LogFile, bucket: string, prng: Prng): DigestLogFileEntry {
  const times = file.records.map((r) => r.eventTime).sort();
  return {
    s3Bucket: bucket,
    s3Object: file.key,
    hashValue: prng.hex(64),
    hashAlgorithm: 'SHA-256',
    newestEventTime: times.at(-1) ?? '',
    oldestEventTime: times[0] ?? '',
  };
}
