import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import type { WebChat } from '../../../adapters/webchat/index.js';

/** A web chat served on its own. */
export interface ServedWebChat {
  readonly server: Server;
  readonly port: number;
  readonly baseUrl: string;
  /** Closes the web chat, then the server and its connections. */
  close(): Promise<void>;
}

/** Serves a web chat's routes and WebSocket streams on 127.0.0.1 at a random port. */
export async function serveWebChat(webChat: WebChat): Promise<ServedWebChat> {
  const app = express();
  app.use(webChat.router);
  const server = createServer(app);
  webChat.attach(server);
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  return {
    server,
    port,
    baseUrl: `http://127.0.0.1:${port}`,
    async close() {
      await webChat.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
