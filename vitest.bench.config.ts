import { defineConfig } from 'vitest/config';

// Benchmarks that need the test fakes (npm run bench:lookup); kept out of npm test.
export default defineConfig({ test: { include: ['bench/**/*.bench.ts'], testTimeout: 300_000 } });
