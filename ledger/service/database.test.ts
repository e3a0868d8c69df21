import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { openTempDatabase, testProviders } from '../../test/support/temp-database.js';
import { importPortfolio } from '../import/index.js';
import { hasDebtors, isDatabaseReachable } from './database.js';

const portfolio = fileURLToPath(new URL('../../test/fixtures/portfolio-sample.csv', import.meta.url));

describe.each(testProviders)('the database as the server sees it, on $provider', ({ provider, available }) => {
  it.skipIf(!available)('answers the readiness probe', async () => {
    const database = await openTempDatabase(provider);
    try {
      expect(await isDatabaseReachable(database)).toBe(true);
    } finally {
      await database.destroy();
    }
  });

  it.skipIf(!available)('holds no debtors until a portfolio is imported', async () => {
    const database = await openTempDatabase(provider);
    try {
      expect(await hasDebtors(database)).toBe(false);
      await importPortfolio(database, portfolio, { todayIso: '2026-11-23' });
      expect(await hasDebtors(database)).toBe(true);
    } finally {
      await database.destroy();
    }
  });
});
