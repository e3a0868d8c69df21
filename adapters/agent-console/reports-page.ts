// What the reports page needs from the server (DESIGN §14): `GET /agent/reports`, the page itself, for supervisors and
// admins (anyone else is sent to the console, where they log in or stay), and Chart.js from the project's own
// node_modules (no CDN), resolved at run time so it is found from the sources and from dist/ alike.
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import express, { type RequestHandler, type Router } from 'express';
import type { LedgerContext } from '../../ledger/index.js';
import { lookupSession } from './sessions.js';

/** Where the page loads Chart.js from. */
export const chartScriptPath = '/agent/static/vendor/chart.umd.min.js';

/** The folder of Chart.js's built files (its UMD bundle defines the global `Chart`). */
const chartFolder = dirname(createRequire(import.meta.url).resolve('chart.js'));

/** The reports page's routes; `staticFolder` holds reports.html. */
export function reportsPageRouter(ledger: LedgerContext, now: () => Date, staticFolder: string): Router {
  const page: RequestHandler = async (request, response) => {
    const session = await lookupSession(ledger, request, now());
    response.set('Cache-Control', 'no-store');
    if (!session || !['supervisor', 'admin'].includes(session.agent.role)) return void response.redirect(303, '/agent');
    response.sendFile('reports.html', { root: staticFolder });
  };

  const router = express.Router();
  router.get('/agent/reports', page);
  router.get(chartScriptPath, (_request, response) => {
    response.sendFile('chart.umd.min.js', { root: chartFolder, maxAge: '1h' });
  });
  return router;
}
