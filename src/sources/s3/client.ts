/** The real S3 clients: the default credential chain or a named profile, one client per bucket region. */
import { S3Client } from '@aws-sdk/client-s3';

/** Makes an S3 client for a region (undefined: the configured default). Injected so tests can pass fakes. */
export type S3ClientFactory = (region?: string) => S3Client;

/** The fallback when neither the environment nor the profile names a region; region redirects fix a wrong guess. */
const FALLBACK_REGION = 'us-east-1';

/**
 * On Node 20 the SDK prints a NodeVersionSupportWarning to stderr on the first client; the SDK's documented
 * switch turns it off (aws/aws-sdk-js-v3#7983). The tool supports Node 20, so the warning is noise in its output.
 */
export function silenceSdkNodeVersionWarning(env: NodeJS.ProcessEnv = process.env): void {
  env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
}

/** S3-compatible servers (MinIO, s3rver, LocalStack) behind AWS_ENDPOINT_URL_S3 expect path-style addressing. */
function hasEndpointOverride(env: NodeJS.ProcessEnv): boolean {
  return Boolean(env.AWS_ENDPOINT_URL_S3 || env.AWS_ENDPOINT_URL);
}

export function createS3ClientFactory(profile: string | undefined, env: NodeJS.ProcessEnv = process.env): S3ClientFactory {
  silenceSdkNodeVersionWarning(env);
  const base = { ...(profile !== undefined ? { profile } : {}), followRegionRedirects: true, forcePathStyle: hasEndpointOverride(env) };
  // The SDK's own region chain (AWS_REGION, the profile's region), read through a client that makes no request.
  const probe = new S3Client(base);
  const defaultRegion = async () => probe.config.region().catch(() => FALLBACK_REGION);
  const clients = new Map<string, S3Client>();
  return (region) => {
    const key = region ?? '';
    let client = clients.get(key);
    if (client === undefined) {
      client = new S3Client({ ...base, region: region ?? defaultRegion });
      clients.set(key, client);
    }
    return client;
  };
}
