import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['**/*.test.ts'],
    exclude: ['node_modules/**', 'data/**', 'dist/**'],
    // After each test file, every line its end-to-end apps logged goes through the identity-data detector (DESIGN §11).
    setupFiles: ['test/support/log-check.setup.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
