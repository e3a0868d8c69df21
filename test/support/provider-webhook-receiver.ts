import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect } from 'vitest';
import type { PaymentProvider, ProviderEvent } from '../../adapters/payments/provider.js';

/** A running stand-in for the server's webhook route of one provider. */
export interface WebhookReceiver {
  readonly url: string;
  close(): Promise<void>;
}

/**
 * A stand-in for the server's webhook route that hands each raw request to `provider.readWebhook`: 200 with what it
 * read, 401 for null, 500 with the error. Listens on 127.0.0.1 at `path`.
 */
export async function startWebhookReceiver(provider: PaymentProvider, path: string): Promise<WebhookReceiver> {
  const server = createServer((request, response) => {
    void (async () => {
      const chunks: Buffer[] = [];
      for await (const chunk of request) chunks.push(chunk as Buffer);
      const url = new URL(request.url ?? '/', 'http://127.0.0.1');
      const headers = Object.fromEntries(Object.entries(request.headers).map(([name, value]) => [name, [value].flat().join(', ')]));
      try {
        const event = await provider.readWebhook({ rawBody: Buffer.concat(chunks), headers, query: Object.fromEntries(url.searchParams) });
        response.writeHead(event ? 200 : 401, { 'Content-Type': 'application/json' }).end(JSON.stringify(event));
      } catch (error) {
        response.writeHead(500).end(String(error));
      }
    })();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}${path}`,
    close: () => {
      server.closeAllConnections();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** The event the provider read from a delivery the receiver accepted (200). */
export function acceptedEvent(delivery: { readonly status: number; readonly body: string }): ProviderEvent {
  expect(delivery.status, delivery.body).toBe(200);
  return JSON.parse(delivery.body) as ProviderEvent;
}
