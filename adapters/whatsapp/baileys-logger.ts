import type { Logger } from 'pino';
import { maskText, sanitiseForLog } from './log-safety.js';

/** The logger Baileys takes (the shape of its `ILogger`, which the package does not export). */
export interface BaileysLogger {
  level: string;
  child(bindings: Record<string, unknown>): BaileysLogger;
  trace(object: unknown, message?: string): void;
  debug(object: unknown, message?: string): void;
  info(object: unknown, message?: string): void;
  warn(object: unknown, message?: string): void;
  error(object: unknown, message?: string): void;
}

type Level = 'trace' | 'debug' | 'info' | 'warn' | 'error';

function wrap(target: Logger): BaileysLogger {
  const write =
    (level: Level) =>
    (object: unknown, message?: string): void => {
      if (!target.isLevelEnabled(level)) return;
      const clean = sanitiseForLog(object);
      const text = message === undefined ? undefined : maskText(message);
      if (typeof clean === 'object' && clean !== null) target[level](clean, text);
      else if (text === undefined) target[level](String(clean));
      else target[level]({ detail: clean }, text);
    };
  return {
    get level() {
      return target.level;
    },
    set level(level: string) {
      target.level = level;
    },
    child: (bindings) => wrap(target.child(sanitiseForLog(bindings) as Record<string, unknown>)),
    trace: write('trace'),
    debug: write('debug'),
    info: write('info'),
    warn: write('warn'),
    error: write('error'),
  };
}

/** Baileys' logger: a child of ours at `level` (default 'warn') that masks JIDs, phone numbers and message contents. */
export function makeBaileysLogger(logger: Logger, level = 'warn'): BaileysLogger {
  return wrap(logger.child({ component: 'baileys' }, { level }));
}
