import { randomBytes } from 'node:crypto';
import { z } from 'zod';

const booleanText = z.enum(['true', 'false', '1', '0', 'yes', 'no']).transform((value) => value === 'true' || value === '1' || value === 'yes');

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
  AGENT_BOOTSTRAP_EMAIL: z.email().optional(),
  AGENT_BOOTSTRAP_PASSWORD: z.string().min(10, 'must be at least 10 characters').optional(),
  HANDOFF_TIMEOUT_MINUTES: z.coerce.number().int().min(1).max(1440).default(10),
  BUSINESS_HOURS_ES: z.string().min(1).default('de lunes a viernes, de 9:00 a 18:00'),
  BUSINESS_HOURS_EN: z.string().min(1).default('Monday to Friday, 9 am to 6 pm'),
  NLU_MODE: z.enum(['local', 'llm', 'hybrid']).default('local'),
  OPENAI_API_KEY: z.string().optional(),
  OPENAI_BASE_URL: z.url().optional(),
  OPENAI_MODEL: z.string().default('gpt-4o-mini'),
  OPENAI_TIMEOUT_MS: z.coerce.number().int().min(100).max(60_000).default(4000),
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
  readonly webchat: {
    readonly tokenSecret: string;
    /** True when the token secret was generated for this run (tokens die with the process). */
    readonly tokenSecretGenerated: boolean;
    readonly directLineSecret: string | undefined;
    readonly allowedOrigins: readonly string[];
    /** Widget tokens one client IP may get per minute. */
    readonly tokensPerMinute: number;
  };
  readonly agents: {
    readonly bootstrapAdmin: { readonly email: string; readonly password: string } | undefined;
    readonly handoffTimeoutMinutes: number;
    readonly businessHours: { readonly es: string; readonly en: string };
  };
  readonly nlu: {
    readonly mode: 'local' | 'llm' | 'hybrid';
    readonly openai: { readonly apiKey: string; readonly baseURL?: string; readonly model: string; readonly timeoutMs: number } | undefined;
  };
}

/** Configuration problems, one line per variable. */
export class ConfigError extends Error {}

/** Reads and validates the configuration from environment variables. */
export function loadConfig(environment: NodeJS.ProcessEnv = process.env): Config {
  const cleaned = Object.fromEntries(Object.entries(environment).filter(([, value]) => value !== undefined && value !== ''));
  const parsed = environmentSchema.safeParse(cleaned);
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('\n'));
  }
  const env = parsed.data;
  if (env.NLU_MODE !== 'local' && !env.OPENAI_API_KEY) throw new ConfigError(`OPENAI_API_KEY: required when NLU_MODE is ${env.NLU_MODE}`);
  const publicUrl = (env.PUBLIC_URL ?? `http://localhost:${env.PORT}`).replace(/\/$/, '');
  const defaultOrigins = [new URL(publicUrl).origin, `http://localhost:${env.PORT}`, `http://127.0.0.1:${env.PORT}`];
  const allowedOrigins = env.WEBCHAT_ALLOWED_ORIGINS ? env.WEBCHAT_ALLOWED_ORIGINS.split(',').map((origin) => origin.trim()).filter(Boolean) : [...new Set(defaultOrigins)];
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
    webchat: {
      tokenSecret: env.WEBCHAT_TOKEN_SECRET ?? randomBytes(32).toString('hex'),
      tokenSecretGenerated: !env.WEBCHAT_TOKEN_SECRET,
      directLineSecret: env.WEBCHAT_DIRECTLINE_SECRET,
      allowedOrigins,
      tokensPerMinute: env.WEBCHAT_TOKENS_PER_MINUTE,
    },
    agents: {
      bootstrapAdmin: env.AGENT_BOOTSTRAP_EMAIL && env.AGENT_BOOTSTRAP_PASSWORD ? { email: env.AGENT_BOOTSTRAP_EMAIL, password: env.AGENT_BOOTSTRAP_PASSWORD } : undefined,
      handoffTimeoutMinutes: env.HANDOFF_TIMEOUT_MINUTES,
      businessHours: { es: env.BUSINESS_HOURS_ES, en: env.BUSINESS_HOURS_EN },
    },
    nlu: {
      mode: env.NLU_MODE,
      openai: env.OPENAI_API_KEY
        ? { apiKey: env.OPENAI_API_KEY, model: env.OPENAI_MODEL, timeoutMs: env.OPENAI_TIMEOUT_MS, ...(env.OPENAI_BASE_URL ? { baseURL: env.OPENAI_BASE_URL } : {}) }
        : undefined,
    },
  };
}
