import { defineConfig } from 'vitest/config';

// Unit, property and comparison tests run in Node. Browser tests live in tests/e2e and run with Playwright.
export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts', 'src/**/*.test.ts'],
    exclude: ['tests/e2e/**', 'node_modules/**'],
    testTimeout: 60_000,
  },
});
