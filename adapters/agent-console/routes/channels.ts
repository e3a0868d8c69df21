// Admins see the WhatsApp connection and pair it again: its state and the pairing QR (drawn here as SVG).
import type { RequestHandler } from 'express';
import QRCode from 'qrcode';
import { ConsoleError } from '../errors.js';
import { sessionOf } from '../sessions.js';
import type { ApiRoute, ConsoleDeps } from './route-table.js';

/** What the console needs of the WhatsApp channel (a port: the console does not import the channel). */
export interface WhatsAppPairing {
  /** The connection's state, the QR code to scan while pairing (else null), and reconnect attempts since it was last open. */
  status(): {
    readonly state: 'stopped' | 'connecting' | 'waiting-for-pairing' | 'open' | 'logged-out';
    readonly qr: string | null;
    readonly reconnectAttempt: number;
  };
  /** Forgets the current login and starts a new pairing. */
  pairAgain(): Promise<void>;
}

/** The WhatsApp status as the console shows it: the QR as an SVG document, or null. */
async function statusBody(whatsapp: WhatsAppPairing): Promise<{ state: string; qrSvg: string | null; reconnectAttempt: number }> {
  const { state, qr, reconnectAttempt } = whatsapp.status();
  const qrSvg = qr ? await QRCode.toString(qr, { type: 'svg', margin: 2, errorCorrectionLevel: 'L' }) : null;
  return { state, qrSvg, reconnectAttempt };
}

/** The channel routes (admin only); 404 when WhatsApp is not enabled. */
export function channelRoutes(deps: ConsoleDeps, whatsapp: WhatsAppPairing | undefined): ApiRoute[] {
  const enabled = (): WhatsAppPairing => {
    if (!whatsapp) throw new ConsoleError(404, 'whatsapp_disabled', 'WhatsApp is not enabled');
    return whatsapp;
  };
  const status: RequestHandler = async (_request, response) => {
    response.json(await statusBody(enabled()));
  };
  const pair: RequestHandler = async (request, response) => {
    const channel = enabled();
    await channel.pairAgain();
    deps.logger.info({ by: sessionOf(request).agent.id }, 'WhatsApp pairing started again from the console');
    response.status(202).json(await statusBody(channel));
  };
  return [
    { method: 'get', path: '/channels/whatsapp', access: 'admin', handler: status },
    { method: 'post', path: '/channels/whatsapp/pair', access: 'admin', handler: pair },
  ];
}
