// A load balancer for fleet tests: each HTTP request and each WebSocket upgrade goes to the next instance in turn,
// with no stickiness of any kind, and the proxy counts where each went.
import { createServer, request as forward, type IncomingMessage, type Server } from 'node:http';
import { connect } from 'node:net';
import type { AddressInfo } from 'node:net';

/** A running proxy. */
export interface RoundRobinProxy {
  readonly url: string;
  /** How many requests (upgrades included) each instance got, by its base URL, and under which method and path. */
  readonly routed: Array<{ readonly target: string; readonly method: string; readonly path: string }>;
  close(): Promise<void>;
}

/** Starts a round-robin proxy on 127.0.0.1 in front of `targets` (base URLs like http://127.0.0.1:1234). */
export async function startRoundRobinProxy(targets: readonly string[]): Promise<RoundRobinProxy> {
  let turn = 0;
  const routed: RoundRobinProxy['routed'] = [];
  const next = (incoming: IncomingMessage): URL => {
    const target = targets[turn % targets.length];
    turn += 1;
    if (!target) throw new Error('no targets');
    routed.push({ target, method: incoming.method ?? 'GET', path: (incoming.url ?? '/').split('?')[0] ?? '/' });
    return new URL(target);
  };
  const server: Server = createServer((incoming, outgoing) => {
    const target = next(incoming);
    const upstream = forward(
      { host: target.hostname, port: target.port, method: incoming.method, path: incoming.url, headers: incoming.headers },
      (answer) => {
        outgoing.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(outgoing);
      },
    );
    upstream.on('error', () => {
      if (!outgoing.headersSent) outgoing.writeHead(502);
      outgoing.end();
    });
    incoming.pipe(upstream);
  });
  server.on('upgrade', (incoming: IncomingMessage, socket, head: Buffer) => {
    const target = next(incoming);
    const upstream = connect(Number(target.port), target.hostname, () => {
      const headers = Object.entries(incoming.headers).flatMap(([name, value]) =>
        (Array.isArray(value) ? value : [value ?? '']).map((item) => `${name}: ${item}\r\n`),
      );
      upstream.write(`${incoming.method} ${incoming.url} HTTP/1.1\r\n${headers.join('')}\r\n`);
      upstream.write(head);
      upstream.pipe(socket);
      socket.pipe(upstream);
    });
    upstream.on('error', () => socket.destroy());
    socket.on('error', () => upstream.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    routed,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
