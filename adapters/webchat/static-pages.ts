import { readFileSync } from 'node:fs';
import express, { type Router } from 'express';

const staticFolder = new URL('./static/', import.meta.url);
/** Languages of the demo page. */
const demoLanguages = ['es', 'en'] as const;
/** The demo page loads only its own script and styles, and talks only to this server. */
const demoContentSecurityPolicy =
  "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self' ws: wss:; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

/**
 * GET / (the demo page of a fictitious lender, Spanish or English by `?lang=` or Accept-Language, embedding
 * the widget with its one-line snippet) and GET /widget.js (the embeddable widget, a hand-written static file).
 */
export function makeStaticPagesRouter(): Router {
  const widgetScript = readFileSync(new URL('widget.js', staticFolder));
  const demoTemplate = readFileSync(new URL('demo.html', staticFolder), 'utf8');
  const demoPages = new Map(demoLanguages.map((language) => [language, demoTemplate.replaceAll('%LANG%', language)]));
  const router = express.Router();

  router.get('/', (request, response) => {
    const asked = request.query.lang;
    const language = demoLanguages.find((candidate) => candidate === asked) ?? (request.acceptsLanguages(...demoLanguages) || 'es');
    response
      .set('Content-Security-Policy', demoContentSecurityPolicy)
      .set('Cache-Control', 'no-cache')
      .vary('Accept-Language')
      .type('html')
      .send(demoPages.get(language === 'en' ? 'en' : 'es'));
  });

  router.get('/widget.js', (_request, response) => {
    response
      .set('Cache-Control', 'public, max-age=300')
      .set('Cross-Origin-Resource-Policy', 'cross-origin')
      .type('application/javascript')
      .send(widgetScript);
  });
  return router;
}
