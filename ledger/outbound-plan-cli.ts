// `npm run --silent outbound:plan -- --from <ISO datetime> --days <N> [--json]`: prints the outbound plan without
// sending anything (DESIGN §12): one JSON object per line with --json, else a table and what the rules left out.
import { parseArgs } from 'node:util';
import { isoWithOffset } from '../lib/calendar.js';
import { defaultDatabaseUrl, openLedgerDatabase, type LedgerDatabase } from './db/open-database.js';
import { loadContactRules } from './outbound/contact-rules.js';
import { loadPolicy } from './policy/index.js';
import { isMainModule, processIo, type CliIo } from './privacy/debtor-cli.js';
import { planOutbound } from './service/outbound-plan.js';
import { whatsAppCloudChannel } from './store/outbound-rows.js';

const usage = 'usage: npm run --silent outbound:plan -- --from <ISO datetime, e.g. 2026-12-03T08:00:00-03:00> --days <1-366> [--json]';
const isoDateTime = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})$/;

/**
 * The channels the configuration reaches debtors on: web chat notices always, Telegram with a token, WhatsApp (Baileys)
 * with WHATSAPP_OUTBOUND (true, 1 or yes, as the server reads it), the WhatsApp Cloud API with its token and phone number id.
 */
export function outboundChannelsOf(env: Readonly<Record<string, string | undefined>>): Set<string> {
  const channels = new Set(['webchat']);
  if (env.TELEGRAM_BOT_TOKEN) channels.add('telegram');
  if (['true', '1', 'yes'].includes((env.WHATSAPP_OUTBOUND ?? '').trim().toLowerCase())) channels.add('whatsapp');
  if (env.WHATSAPP_CLOUD_TOKEN?.trim() && env.WHATSAPP_CLOUD_PHONE_NUMBER_ID?.trim()) channels.add(whatsAppCloudChannel);
  return channels;
}

/** The request a command line asks for, or the message saying what is wrong with it. */
function requestOf(argv: readonly string[]): { readonly fromMs: number; readonly days: number; readonly json: boolean } | string {
  let values: { from?: string; days?: string; json?: boolean };
  try {
    ({ values } = parseArgs({
      args: [...argv],
      options: { from: { type: 'string' }, days: { type: 'string' }, json: { type: 'boolean' } },
      allowPositionals: false,
    }));
  } catch (error) {
    return (error as Error).message;
  }
  if (!values.from || !isoDateTime.test(values.from) || Number.isNaN(Date.parse(values.from)))
    return '--from must be an ISO date and time with its offset (e.g. 2026-12-03T08:00:00-03:00 or 2026-12-03T11:00:00Z)';
  if (!values.days || !/^\d{1,3}$/.test(values.days) || Number(values.days) < 1 || Number(values.days) > 366)
    return '--days must be a whole number of days from 1 to 366';
  return { fromMs: Date.parse(values.from), days: Number(values.days), json: values.json === true };
}

/** The command: prints the plan on stdout; returns the exit code (0 done, 1 failure, 2 bad usage). */
export async function main(argv: readonly string[], io: CliIo = processIo): Promise<number> {
  const request = requestOf(argv);
  if (typeof request === 'string') {
    io.err(`${request}\n${usage}`);
    return 2;
  }
  let database: LedgerDatabase | undefined;
  try {
    const [policy, rules] = await Promise.all([
      loadPolicy(io.env.POLICY_FILE || undefined),
      loadContactRules(io.env.CONTACT_RULES_FILE || undefined),
    ]);
    database = await openLedgerDatabase(io.env.DATABASE_URL || defaultDatabaseUrl);
    const context = { prisma: database.prisma, sql: database.sql, policy };
    const plan = await planOutbound(context, { fromMs: request.fromMs, days: request.days, rules, channels: outboundChannelsOf(io.env) });
    for (const contact of plan.planned) {
      const at = isoWithOffset(contact.atMs, contact.timezone);
      io.out(
        request.json
          ? JSON.stringify({
              debtor_id: contact.debtorRef,
              account_ref: contact.accountRef,
              channel: contact.channel,
              kind: contact.kind,
              at,
            })
          : `${at}  ${contact.debtorRef}  ${contact.accountRef}  ${contact.kind}  ${contact.channel}`,
      );
    }
    if (!request.json) {
      const reasons = new Map<string, number>();
      for (const contact of plan.dropped) reasons.set(contact.reason, (reasons.get(contact.reason) ?? 0) + 1);
      const left = [...reasons].map(([reason, count]) => `${reason} ${count}`).join(', ');
      io.err(`${plan.planned.length} contacts planned (rules ${rules.version}); left out: ${left || 'none'}`);
    }
    return 0;
  } catch (error) {
    io.err(`failed: ${error instanceof Error ? error.message : String(error)}`);
    return 1;
  } finally {
    await database?.close();
  }
}

if (isMainModule(import.meta.url)) main(process.argv.slice(2)).then((code) => process.stdout.write('', () => process.exit(code)));
