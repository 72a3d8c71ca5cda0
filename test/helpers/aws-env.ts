// Tests that run the real AWS SDK against fakes on 127.0.0.1: no real credential source may be found, only
// the fake keys the test gives (or none, to test a missing-credentials error).
import { join } from 'node:path';
import { vi } from 'vitest';

export function isolateAwsCredentials(work: string, fake: Record<string, string>, credentials = true): void {
  vi.stubEnv('AWS_CONFIG_FILE', join(work, 'no-aws-config'));
  vi.stubEnv('AWS_SHARED_CREDENTIALS_FILE', join(work, 'no-aws-credentials'));
  vi.stubEnv('AWS_EC2_METADATA_DISABLED', 'true');
  vi.stubEnv('AWS_PROFILE', undefined);
  vi.stubEnv('AWS_CONTAINER_CREDENTIALS_RELATIVE_URI', undefined);
  vi.stubEnv('AWS_CONTAINER_CREDENTIALS_FULL_URI', undefined);
  vi.stubEnv('AWS_WEB_IDENTITY_TOKEN_FILE', undefined);
  for (const [name, value] of Object.entries(fake)) vi.stubEnv(name, credentials ? value : undefined);
}
