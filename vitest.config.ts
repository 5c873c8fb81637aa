import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['packages/*/src/**/*.test.ts', 'packages/*/test/**/*.test.ts', 'examples/*/src/**/*.test.ts'],
    globalSetup: ['./vitest.global-setup.ts'],
    // A bound for a test that hangs, not a speed target (benchmarks measure speed). Tests that
    // start and restart several servers take up to ~30 s on 2 busy cores since the hosted-instance
    // routes made each server's start-up (its route serializers) slower: see docs/benchmarks.md.
    testTimeout: 90_000,
    hookTimeout: 90_000,
    pool: 'forks',
    poolOptions: { forks: { maxForks: 2, minForks: 1 } },
  },
});
