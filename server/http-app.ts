import express, { type ErrorRequestHandler, type Express, type Router } from 'express';
import type { Logger } from 'pino';
import { errorForLog } from './logger.js';
import type { BotMetrics } from './metrics.js';
import type { Readiness } from './readiness.js';

/** What the HTTP app needs: metrics, a readiness check, and the channel routers to mount. */
export interface HttpAppOptions {
  readonly metrics: BotMetrics;
  readonly logger: Logger;
  /** True when the database answers. */
  readonly isHealthy: () => Promise<boolean>;
  /** Whether this instance can serve: its database and, when used, Redis. */
  readonly readiness: () => Promise<Readiness>;
  readonly routers: readonly Router[];
  /** express's `trust proxy` (TRUST_PROXY): whose X-Forwarded-For / -Proto to believe (default: loopback only). */
  readonly trustProxy?: boolean | number | string;
}

/** The express 5 app: GET /healthz, GET /readyz, GET /metrics (Prometheus text), the channel routers, JSON errors. */
export function makeHttpApp(options: HttpAppOptions): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', options.trustProxy ?? 'loopback');
  app.get('/healthz', async (_request, response) => {
    const healthy = await options.isHealthy().catch(() => false);
    response.status(healthy ? 200 : 503).json({ status: healthy ? 'ok' : 'unavailable', database: healthy ? 'ok' : 'down' });
  });
  app.get('/readyz', async (_request, response) => {
    const { ready, stopping, database, redis } = await options.readiness();
    response.status(ready ? 200 : 503).json({ status: stopping ? 'stopping' : ready ? 'ready' : 'unavailable', database, redis });
  });
  app.get('/metrics', async (_request, response) => {
    response.type(options.metrics.registry.contentType).send(await options.metrics.registry.metrics());
  });
  for (const router of options.routers) app.use(router);
  app.use((_request, response) => {
    response.status(404).json({ error: { code: 'NotFound', message: 'no such endpoint' } });
  });
  const onError: ErrorRequestHandler = (error: { status?: number; type?: string; message?: string }, _request, response, _next) => {
    const status = typeof error.status === 'number' && error.status >= 400 && error.status < 600 ? error.status : 500;
    if (status >= 500) options.logger.error({ err: errorForLog(error) }, 'request failed');
    response.status(status).json({
      error: {
        code: status === 400 ? 'BadArgument' : status >= 500 ? 'ServiceError' : 'Error',
        message: status >= 500 ? 'internal error' : (error.message ?? 'bad request'),
      },
    });
  };
  app.use(onError);
  return app;
}
