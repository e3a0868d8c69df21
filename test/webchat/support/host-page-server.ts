import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A second local web server, standing for the operator's own site on another origin (http://localhost:PORT). */
export interface HostPageServer {
  readonly origin: string;
  close(): Promise<void>;
}

/** Serves `pages` (path → HTML, or a file's bytes with its content type) on localhost, a different origin from 127.0.0.1. */
export async function startHostPageServer(
  pages: Record<string, string | { readonly body: Buffer; readonly contentType: string }>,
): Promise<HostPageServer> {
  const server: Server = createServer((request, response) => {
    const page = pages[new URL(request.url ?? '/', 'http://localhost').pathname];
    if (page === undefined) {
      response.writeHead(404).end();
      return;
    }
    if (typeof page === 'string') response.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' }).end(page);
    else response.writeHead(200, { 'Content-Type': page.contentType }).end(page.body);
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://localhost:${port}`,
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
