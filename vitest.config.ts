import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    // Entry points run as processes from dist/: compile it first.
    globalSetup: ['tests/helpers/build-dist.ts'],
    // Tests load the real model and build real indexes; a cold file can take a few seconds.
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
