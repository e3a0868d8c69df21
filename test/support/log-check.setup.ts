// vitest setup file: after each test file, the lines its apps and harnesses logged must hold no identity data.
import { afterAll } from 'vitest';
import { assertNoIdentityData, testLogs } from './log-capture.js';

afterAll(() => {
  assertNoIdentityData(testLogs);
});
