import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import { contactKinds, type ContactKind } from '../ledger/index.js';

const booleanText = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'])
  .transform((value) => value === 'true' || value === '1' || value === 'yes');

const environmentSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65_535).default(3978),
  HOST: z.string().min(1).default('0.0.0.0'),
  PUBLIC_URL: z.url().optional(),
  DATABASE_URL: z.string().min(1).default('file:./data/debt-bot.db'),
  POLICY_FILE: z.string().optional(),
  PAYMENT_METHODS_FILE: z.string().optional(),
  LENDER_NAME: z.string().min(1).max(80).default('Cobranzas Demo'),
  DEMO_DATA: booleanText.default(true),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  TURN_TIMEOUT_MS: z.coerce.number().int().min(1000).max(120_000).default(15_000),
  WEBCHAT_TOKEN_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
  WEBCHAT_DIRECTLINE_SECRET: z.string().min(16, 'must be at least 16 characters').optional(),
  WEBCHAT_ALLOWED_ORIGINS: z.string().optional(),
  WEBCHAT_TOKENS_PER_MINUTE: z.coerce.number().int().min(1).max(100_000).default(20),
  WEBCHAT_ACTIVITY_CACHE_MB: z.coerce.number().int().min(1).max(65_536).default(8),
  AGENT_BOOTSTRAP_EMAIL: z.email().optional(),
  AGENT_BOOTSTRAP_PASSWORD: z.string().min(10, 'must be at least 10 characters').optional(),
  VERIFICATION_TTL_MINUTES: z.coerce.number().int().min(1).max(1440).default(30),
  LINK_TTL_DAYS: z.coerce.number().int().min(0).max(3650).default(90),
  TRANSCRIPT_RETENTION_DAYS: z.coerce.number().int().min(1).max(36_500).default(730),
  HANDOFF_TIMEOUT_MINUTES: z.coerce.number().int().min(1).max(1440).default(10),
  BUSINESS_HOURS_ES: z.string().min(1).default('de lunes a viernes, de 9:00 a 18:00'),
  BUSINESS_HOURS_EN: z.string().min(1).default('Monday to Friday, 9 am to 6 pm'),
  NLU_MODE: z.enum(['local', 'llm', 'hybrid']).default('local'),
  OPENAI_API_KEY: z.string().optional(),
  OPENAI_BASE_URL: z.url().optional(),
  OPENAI_MODEL: z.string().default('gpt-4o-mini'),
  OPENAI_TIMEOUT_MS: z.coerce.number().int().min(100).max(60_000).default(4000),
  TELEGRAM_BOT_TOKEN: z
    .string()
    .regex(/^\d+:[\w-]{20,}$/, 'must look like 123456789:AA… (from @BotFather)')
    .optional(),
  TELEGRAM_API_ROOT: z.url().optional(),
  TELEGRAM_WEBHOOK_URL: z.url().optional(),
  TELEGRAM_WEBHOOK_SECRET: z
    .string()
    .regex(/^[A-Za-z0-9_-]{16,256}$/, 'must be 16–256 characters of A-Z, a-z, 0-9, _ and -')
    .optional(),
  WHATSAPP_ENABLED: booleanText.default(false),
  WHATSAPP_SEND_RATE_PER_SECOND: z.coerce.number().positive().max(20).default(1),
  WHATSAPP_RECONNECT_MAX_SECONDS: z.coerce.number().int().min(1).max(3600).default(60),
  WHATSAPP_OUTBOUND: booleanText.default(false),
  WHATSAPP_CLOUD_TOKEN: z.string().trim().min(20, 'must be at least 20 characters (a system user access token)').optional(),
  WHATSAPP_CLOUD_PHONE_NUMBER_ID: z
    .string()
    .trim()
    .regex(/^\d{5,32}$/, "must be the phone number's id from Meta's dashboard (digits), not the number")
    .optional(),
  WHATSAPP_CLOUD_APP_SECRET: z.string().trim().min(16, 'must be at least 16 characters (the app secret)').optional(),
  WHATSAPP_CLOUD_VERIFY_TOKEN: z.string().trim().min(12, 'must be at least 12 characters').max(512).optional(),
  WHATSAPP_CLOUD_API_ROOT: z.url().default('https://graph.facebook.com/v21.0'),
  WHATSAPP_CLOUD_TEMPLATES: z.string().optional(),
  CONTACT_RULES_FILE: z.string().optional(),
  OUTBOUND_ENABLED: booleanText.default(true),
  OUTBOUND_TICK_SECONDS: z.coerce.number().int().min(1).max(3600).default(60),
  OUTBOUND_PLAN_DAYS: z.coerce.number().int().min(1).max(60).default(7),
  REDIS_URL: z.url().optional(),
  TRUST_PROXY: z
    .string()
    .regex(
      /^(true|false|\d{1,2}|[\w.:/,\s-]+)$/,
      'must be true, false, a number of proxies, or addresses/subnets (loopback, 10.0.0.0/8, …)',
    )
    .default('loopback'),
  DATABASE_POOL_SIZE: z.coerce.number().int().min(2).max(500).default(4),
  SHUTDOWN_DRAIN_SECONDS: z.coerce.number().int().min(0).max(300).default(0),
  REDIS_PREFIX: z
    .string()
    .regex(/^[A-Za-z0-9_:.-]{1,64}$/, 'must be 1–64 characters of A-Z, a-z, 0-9, _, :, . and -')
    .default('debtbot:'),
  PAYMENTS_WEBHOOK_SECRET: z.string().min(16, 'must be at least 16 characters').optional(),
  PAYMENT_PROVIDERS: z
    .string()
    .regex(/^\s*([A-Z]{2}:(mercadopago|stripe)\s*(,\s*|$))+$/, 'must look like MX:mercadopago,US:stripe')
    .default('AR:mercadopago,CL:mercadopago,CO:mercadopago,MX:mercadopago,PE:mercadopago,US:stripe'),
  MERCADOPAGO_ACCESS_TOKEN: z.string().min(10).optional(),
  MERCADOPAGO_WEBHOOK_SECRET: z.string().min(16, 'must be at least 16 characters').optional(),
  MERCADOPAGO_API_URL: z.url().optional(),
  STRIPE_SECRET_KEY: z
    .string()
    .regex(/^(sk|rk)_(test|live)_\w+$/, 'must look like sk_live_… or sk_test_…')
    .optional(),
  STRIPE_WEBHOOK_SECRET: z
    .string()
    .regex(/^whsec_\w+$/, 'must look like whsec_…')
    .optional(),
  STRIPE_API_URL: z.url().optional(),
  PAYMENTS_SIMULATOR: booleanText.optional(),
  BANK_TRANSFER_DETAILS: z.string().min(1).max(300).optional(),
  RECEIPTS_TICK_SECONDS: z.coerce.number().int().min(1).max(3600).default(30),
});

/** The validated configuration (DESIGN §7): every setting from the environment, with safe defaults. */
export interface Config {
  readonly port: number;
  readonly host: string;
  /** Where people reach the server (printed at start; default http://localhost:PORT). */
  readonly publicUrl: string;
  readonly databaseUrl: string;
  readonly policyFile: string | undefined;
  readonly paymentMethodsFile: string | undefined;
  readonly lenderName: string;
  /** Load the built-in demo portfolio when the database is empty. */
  readonly demoData: boolean;
  readonly logLevel: string;
  readonly turnTimeoutMs: number;
  /** How long verification lasts (DESIGN §4, §11). */
  readonly verification: {
    /** Minutes of inactivity after which the debtor must verify again. */
    readonly sessionTtlMinutes: number;
    /** Days a channel link allows re-verifying by the date of birth alone (0: always the full check). */
    readonly linkTtlDays: number;
  };
  /** Transcript text older than this many days is purged daily; counts and the contact log stay. */
  readonly transcriptRetentionDays: number;
  readonly webchat: {
    readonly tokenSecret: string;
    /** True when the token secret was generated for this run (tokens die with the process). */
    readonly tokenSecretGenerated: boolean;
    readonly directLineSecret: string | undefined;
    readonly allowedOrigins: readonly string[];
    /** Widget tokens one client IP may get per minute. */
    readonly tokensPerMinute: number;
    /** Cap of the memory the web chat's conversations (their Direct Line activity logs) may take, in bytes. */
    readonly activityCacheBytes: number;
  };
  readonly agents: {
    readonly bootstrapAdmin: { readonly email: string; readonly password: string } | undefined;
    readonly handoffTimeoutMinutes: number;
    readonly businessHours: { readonly es: string; readonly en: string };
  };
  /** Telegram (DESIGN §6): on when a bot token is set. */
  readonly telegram:
    | {
        readonly token: string;
        readonly apiRoot: string | undefined;
        /** Webhook mode when set; long polling otherwise. */
        readonly webhook: { readonly url: string; readonly secret: string } | undefined;
      }
    | undefined;
  /** WhatsApp (DESIGN §6): on when `WHATSAPP_ENABLED` is true. */
  readonly whatsapp: { readonly sendRatePerSecond: number; readonly reconnectMaxMs: number } | undefined;
  /** The WhatsApp Business Cloud API (DESIGN §6): on when its token, phone number id, app secret and verify token are set. */
  readonly whatsappCloud: WhatsAppCloudConfig | undefined;
  /** Paying and payment notifications (DESIGN §13). */
  readonly payments: {
    /** HMAC key of `POST /payments/webhook` (PAYMENTS_WEBHOOK_SECRET); unset: the webhook answers 503. */
    readonly webhookSecret: string | undefined;
    /** The hosted-checkout provider of each country (PAYMENT_PROVIDERS); a provider counts only with its credentials. */
    readonly providerByCountry: ReadonlyMap<string, 'mercadopago' | 'stripe'>;
    readonly mercadopago: { readonly accessToken: string; readonly webhookSecret: string; readonly apiUrl: string | undefined } | undefined;
    readonly stripe: { readonly secretKey: string; readonly webhookSecret: string; readonly apiUrl: string | undefined } | undefined;
    /**
     * The local payment simulator pays links of countries without a provider (PAYMENTS_SIMULATOR; by default on with
     * the demo data and no provider configured). Never in production: anyone holding a link could mark it paid.
     */
    readonly simulator: boolean;
    /** Where to transfer, shown with every bank reference (BANK_TRANSFER_DETAILS). */
    readonly bankDetails: string | undefined;
    readonly receiptsTickMs: number;
  };
  /**
   * The Redis the instances share (REDIS_URL, DESIGN §15): Direct Line fan-out, console events, the Telegram and
   * WhatsApp leader locks, BullMQ jobs and rate limits. Without it the instance works alone.
   */
  readonly redisUrl: string | undefined;
  /**
   * Which proxies in front of the server are trusted for the client's address and scheme (TRUST_PROXY, express's
   * `trust proxy`: `loopback` by default, a number of hops, or addresses and subnets).
   */
  readonly trustProxy: boolean | number | string;
  /** PostgreSQL connections per instance for the ledger's pipelined statements (DATABASE_POOL_SIZE); its transactions get four times as many, Prisma half as many. */
  readonly databasePoolSize: number;
  /**
   * On SIGTERM, how long /readyz answers 503 before anything stops (SHUTDOWN_DRAIN_SECONDS, default 0): time for the
   * load balancer to stop sending new requests here.
   */
  readonly shutdownDrainMs: number;
  /** What every Redis key and channel of this bot starts with (REDIS_PREFIX, default `debtbot:`): one Redis may serve several bots. */
  readonly redisPrefix: string;
  /** Reminders and follow-ups (DESIGN §12). */
  readonly outbound: {
    /** The scheduler runs (OUTBOUND_ENABLED, default true). */
    readonly enabled: boolean;
    readonly contactRulesFile: string | undefined;
    /** Reminders may go to the debtor's phone on WhatsApp (WHATSAPP_OUTBOUND, and WhatsApp on). */
    readonly whatsapp: boolean;
    readonly tickMs: number;
    readonly planDays: number;
  };
  readonly nlu: {
    readonly mode: 'local' | 'llm' | 'hybrid';
    readonly openai: { readonly apiKey: string; readonly baseURL?: string; readonly model: string; readonly timeoutMs: number } | undefined;
  };
}

/** An approved WhatsApp template for one outbound kind: its name, language code and the names of its body parameters, in order. */
export interface WhatsAppCloudTemplate {
  readonly name: string;
  /** Meta's language code of the approved translation (es, es_MX, en_US…). */
  readonly language: string;
  /** What fills each body parameter `{{1}}`, `{{2}}`… (names the outbound side knows, e.g. lender, date). */
  readonly parameters: readonly string[];
}

/** The Cloud API channel's settings (WHATSAPP_CLOUD_*). */
export interface WhatsAppCloudConfig {
  readonly token: string;
  readonly phoneNumberId: string;
  readonly appSecret: string;
  readonly verifyToken: string;
  /** The Graph API root with its version (default https://graph.facebook.com/v21.0). */
  readonly apiRoot: string;
  /** The template per outbound kind used outside the 24-hour window; a kind without one is not sent there. */
  readonly templates: Readonly<Partial<Record<ContactKind, WhatsAppCloudTemplate>>>;
}

/** Configuration problems, one line per variable. */
export class ConfigError extends Error {}

/** WHATSAPP_CLOUD_TEMPLATES: `{ "<kind>": { "name", "language", "parameters": ["…"] } }`. */
const whatsAppCloudTemplatesSchema = z.partialRecord(
  z.enum(contactKinds),
  z.strictObject({
    name: z.string().regex(/^[a-z0-9_]{1,512}$/, 'must be the template name as approved (a-z, 0-9 and _)'),
    language: z.string().regex(/^[a-z]{2,3}(_[A-Z]{2,4})?$/, 'must be a language code such as es, es_MX or en_US'),
    parameters: z.array(z.string().trim().min(1).max(64)).max(20),
  }),
);

/** The Cloud API settings: all four credentials or none (a ConfigError names the missing ones), and the templates checked. */
function whatsAppCloudConfig(env: z.infer<typeof environmentSchema>): WhatsAppCloudConfig | undefined {
  const credentials = {
    WHATSAPP_CLOUD_TOKEN: env.WHATSAPP_CLOUD_TOKEN,
    WHATSAPP_CLOUD_PHONE_NUMBER_ID: env.WHATSAPP_CLOUD_PHONE_NUMBER_ID,
    WHATSAPP_CLOUD_APP_SECRET: env.WHATSAPP_CLOUD_APP_SECRET,
    WHATSAPP_CLOUD_VERIFY_TOKEN: env.WHATSAPP_CLOUD_VERIFY_TOKEN,
  };
  const missing = Object.entries(credentials)
    .filter(([, value]) => !value)
    .map(([name]) => name);
  if (missing.length === 4) {
    if (env.WHATSAPP_CLOUD_TEMPLATES)
      throw new ConfigError(
        'WHATSAPP_CLOUD_TEMPLATES: set WHATSAPP_CLOUD_TOKEN, WHATSAPP_CLOUD_PHONE_NUMBER_ID, WHATSAPP_CLOUD_APP_SECRET and WHATSAPP_CLOUD_VERIFY_TOKEN too',
      );
    return undefined;
  }
  if (missing.length > 0)
    throw new ConfigError(`${missing.join(', ')}: required with the other WHATSAPP_CLOUD_* credentials (the Cloud API needs all four)`);
  let templates: unknown = {};
  if (env.WHATSAPP_CLOUD_TEMPLATES) {
    try {
      templates = JSON.parse(env.WHATSAPP_CLOUD_TEMPLATES);
    } catch {
      throw new ConfigError(
        'WHATSAPP_CLOUD_TEMPLATES: must be JSON, e.g. {"pre_due":{"name":"pre_due_es","language":"es","parameters":["lender","date"]}}',
      );
    }
  }
  const parsed = whatsAppCloudTemplatesSchema.safeParse(templates);
  if (!parsed.success)
    throw new ConfigError(
      parsed.error.issues
        .map((issue) => `WHATSAPP_CLOUD_TEMPLATES${issue.path.map((part) => `.${String(part)}`).join('')}: ${issue.message}`)
        .join('\n'),
    );
  return {
    token: credentials.WHATSAPP_CLOUD_TOKEN ?? '',
    phoneNumberId: credentials.WHATSAPP_CLOUD_PHONE_NUMBER_ID ?? '',
    appSecret: credentials.WHATSAPP_CLOUD_APP_SECRET ?? '',
    verifyToken: credentials.WHATSAPP_CLOUD_VERIFY_TOKEN ?? '',
    apiRoot: env.WHATSAPP_CLOUD_API_ROOT.replace(/\/+$/, ''),
    templates: parsed.data,
  };
}

/** Reads and validates the configuration from environment variables. */
export function loadConfig(environment: NodeJS.ProcessEnv = process.env): Config {
  const cleaned = Object.fromEntries(Object.entries(environment).filter(([, value]) => value !== undefined && value !== ''));
  const parsed = environmentSchema.safeParse(cleaned);
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('\n'));
  }
  const env = parsed.data;
  if (env.TELEGRAM_WEBHOOK_URL && !env.TELEGRAM_BOT_TOKEN)
    throw new ConfigError('TELEGRAM_WEBHOOK_URL: set TELEGRAM_BOT_TOKEN too (the webhook belongs to a bot)');
  if (Boolean(env.MERCADOPAGO_ACCESS_TOKEN) !== Boolean(env.MERCADOPAGO_WEBHOOK_SECRET))
    throw new ConfigError(
      'MERCADOPAGO_ACCESS_TOKEN and MERCADOPAGO_WEBHOOK_SECRET: set both (the webhook cannot be checked without the secret)',
    );
  if (Boolean(env.STRIPE_SECRET_KEY) !== Boolean(env.STRIPE_WEBHOOK_SECRET))
    throw new ConfigError('STRIPE_SECRET_KEY and STRIPE_WEBHOOK_SECRET: set both (the webhook cannot be checked without the secret)');
  if (env.REDIS_URL && !env.WEBCHAT_TOKEN_SECRET)
    throw new ConfigError(
      'WEBCHAT_TOKEN_SECRET: required with REDIS_URL (several instances must sign and check web chat tokens with the same key)',
    );
  if (env.REDIS_URL && env.TELEGRAM_WEBHOOK_URL && !env.TELEGRAM_WEBHOOK_SECRET)
    throw new ConfigError(
      'TELEGRAM_WEBHOOK_SECRET: required with REDIS_URL and TELEGRAM_WEBHOOK_URL (every instance checks the same secret)',
    );
  if (env.NLU_MODE !== 'local' && !env.OPENAI_API_KEY) throw new ConfigError(`OPENAI_API_KEY: required when NLU_MODE is ${env.NLU_MODE}`);
  const publicUrl = (env.PUBLIC_URL ?? `http://localhost:${env.PORT}`).replace(/\/$/, '');
  const defaultOrigins = [new URL(publicUrl).origin, `http://localhost:${env.PORT}`, `http://127.0.0.1:${env.PORT}`];
  const allowedOrigins = env.WEBCHAT_ALLOWED_ORIGINS
    ? env.WEBCHAT_ALLOWED_ORIGINS.split(',')
        .map((origin) => origin.trim())
        .filter(Boolean)
    : [...new Set(defaultOrigins)];
  return {
    port: env.PORT,
    host: env.HOST,
    publicUrl,
    databaseUrl: env.DATABASE_URL,
    policyFile: env.POLICY_FILE,
    paymentMethodsFile: env.PAYMENT_METHODS_FILE,
    lenderName: env.LENDER_NAME,
    demoData: env.DEMO_DATA,
    logLevel: env.LOG_LEVEL,
    turnTimeoutMs: env.TURN_TIMEOUT_MS,
    verification: { sessionTtlMinutes: env.VERIFICATION_TTL_MINUTES, linkTtlDays: env.LINK_TTL_DAYS },
    transcriptRetentionDays: env.TRANSCRIPT_RETENTION_DAYS,
    webchat: {
      tokenSecret: env.WEBCHAT_TOKEN_SECRET ?? randomBytes(32).toString('hex'),
      tokenSecretGenerated: !env.WEBCHAT_TOKEN_SECRET,
      directLineSecret: env.WEBCHAT_DIRECTLINE_SECRET,
      allowedOrigins,
      tokensPerMinute: env.WEBCHAT_TOKENS_PER_MINUTE,
      activityCacheBytes: env.WEBCHAT_ACTIVITY_CACHE_MB * 1024 * 1024,
    },
    agents: {
      bootstrapAdmin:
        env.AGENT_BOOTSTRAP_EMAIL && env.AGENT_BOOTSTRAP_PASSWORD
          ? { email: env.AGENT_BOOTSTRAP_EMAIL, password: env.AGENT_BOOTSTRAP_PASSWORD }
          : undefined,
      handoffTimeoutMinutes: env.HANDOFF_TIMEOUT_MINUTES,
      businessHours: { es: env.BUSINESS_HOURS_ES, en: env.BUSINESS_HOURS_EN },
    },
    telegram: env.TELEGRAM_BOT_TOKEN
      ? {
          token: env.TELEGRAM_BOT_TOKEN,
          apiRoot: env.TELEGRAM_API_ROOT,
          webhook: env.TELEGRAM_WEBHOOK_URL
            ? { url: env.TELEGRAM_WEBHOOK_URL, secret: env.TELEGRAM_WEBHOOK_SECRET ?? randomBytes(32).toString('base64url') }
            : undefined,
        }
      : undefined,
    payments: paymentsConfig(env),
    redisUrl: env.REDIS_URL,
    trustProxy: trustProxyOf(env.TRUST_PROXY),
    databasePoolSize: env.DATABASE_POOL_SIZE,
    shutdownDrainMs: env.SHUTDOWN_DRAIN_SECONDS * 1000,
    redisPrefix: env.REDIS_PREFIX,
    outbound: {
      enabled: env.OUTBOUND_ENABLED,
      contactRulesFile: env.CONTACT_RULES_FILE,
      whatsapp: env.WHATSAPP_OUTBOUND && env.WHATSAPP_ENABLED,
      tickMs: env.OUTBOUND_TICK_SECONDS * 1000,
      planDays: env.OUTBOUND_PLAN_DAYS,
    },
    whatsapp: env.WHATSAPP_ENABLED
      ? { sendRatePerSecond: env.WHATSAPP_SEND_RATE_PER_SECOND, reconnectMaxMs: env.WHATSAPP_RECONNECT_MAX_SECONDS * 1000 }
      : undefined,
    whatsappCloud: whatsAppCloudConfig(env),
    nlu: {
      mode: env.NLU_MODE,
      openai: env.OPENAI_API_KEY
        ? {
            apiKey: env.OPENAI_API_KEY,
            model: env.OPENAI_MODEL,
            timeoutMs: env.OPENAI_TIMEOUT_MS,
            ...(env.OPENAI_BASE_URL ? { baseURL: env.OPENAI_BASE_URL } : {}),
          }
        : undefined,
    },
  };
}

/** express's `trust proxy` from TRUST_PROXY: true/false, a number of hops, or the addresses and subnets as given. */
function trustProxyOf(value: string): boolean | number | string {
  if (value === 'true' || value === 'false') return value === 'true';
  return /^\d+$/.test(value) ? Number(value) : value;
}

/** The payments part of the configuration from the validated environment. */
function paymentsConfig(env: z.infer<typeof environmentSchema>): Config['payments'] {
  const mercadopago =
    env.MERCADOPAGO_ACCESS_TOKEN && env.MERCADOPAGO_WEBHOOK_SECRET
      ? { accessToken: env.MERCADOPAGO_ACCESS_TOKEN, webhookSecret: env.MERCADOPAGO_WEBHOOK_SECRET, apiUrl: env.MERCADOPAGO_API_URL }
      : undefined;
  const stripe =
    env.STRIPE_SECRET_KEY && env.STRIPE_WEBHOOK_SECRET
      ? { secretKey: env.STRIPE_SECRET_KEY, webhookSecret: env.STRIPE_WEBHOOK_SECRET, apiUrl: env.STRIPE_API_URL }
      : undefined;
  const configured = { mercadopago: Boolean(mercadopago), stripe: Boolean(stripe) };
  const providerByCountry = new Map<string, 'mercadopago' | 'stripe'>();
  for (const entry of env.PAYMENT_PROVIDERS.split(',')) {
    const [country, provider] = entry.trim().split(':') as [string, 'mercadopago' | 'stripe'];
    if (country && configured[provider]) providerByCountry.set(country, provider);
  }
  return {
    webhookSecret: env.PAYMENTS_WEBHOOK_SECRET,
    providerByCountry,
    mercadopago,
    stripe,
    simulator: env.PAYMENTS_SIMULATOR ?? (env.DEMO_DATA && !mercadopago && !stripe),
    bankDetails: env.BANK_TRANSFER_DETAILS,
    receiptsTickMs: env.RECEIPTS_TICK_SECONDS * 1000,
  };
}
