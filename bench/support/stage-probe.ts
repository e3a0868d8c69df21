// Stage timings of web-chat message turns for the web chat bench, taken from outside the production code (see
// bench-server.ts for what each stage covers). Turns are told apart with AsyncLocalStorage: a request's record follows
// its async work into DirectLineAdapter.processActivity, and the turn's record follows the turn into the recognizer,
// the ledger's Prisma calls and drivers, and the reply delivery. Only message turns started by a POST are counted.
import { AsyncLocalStorage } from 'node:async_hooks';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import Database from 'better-sqlite3';
import type { Activity, ResourceResponse, TurnContext } from 'botbuilder-core';
import pg from 'pg';
import postgres from 'postgres';
import type { Recognizer } from '../../nlu/index.js';

/** Totals of the timed message turns, in ms, as GET /__bench/stages serves them. */
export interface StageTotals {
  /** Message turns timed. */
  messageTurns: number;
  httpInMs: number;
  turnMs: number;
  recognizerMs: number;
  recognizerCalls: number;
  ledgerMs: number;
  /** Prisma operations (model calls and raw queries through the client). */
  ledgerCalls: number;
  /** Statements sent to the driver (better-sqlite3, pg or postgres.js), Prisma's and the ledger's own SQL runner's. */
  sqlStatements: number;
  sendMs: number;
  /** The turn's end → the POST's response finished. */
  postAfterTurnMs: number;
  /** POST activities: arrival → response finished. */
  postRequests: number;
  postServerMs: number;
  /** GET activities (polling transport): arrival → response finished. */
  getRequests: number;
  getServerMs: number;
}

interface RequestRecord {
  readonly kind: 'post' | 'get' | 'other';
  readonly arrivedMs: number;
  turnEndedMs?: number;
}

interface TurnRecord {
  readonly request: RequestRecord | undefined;
  counted: boolean;
  ledgerDepth: number;
  ledgerSinceMs: number;
}

const emptyTotals = (): StageTotals => ({
  messageTurns: 0,
  httpInMs: 0,
  turnMs: 0,
  recognizerMs: 0,
  recognizerCalls: 0,
  ledgerMs: 0,
  ledgerCalls: 0,
  sqlStatements: 0,
  sendMs: 0,
  postAfterTurnMs: 0,
  postRequests: 0,
  postServerMs: 0,
  getRequests: 0,
  getServerMs: 0,
});

const requests = new AsyncLocalStorage<RequestRecord>();
const turns = new AsyncLocalStorage<TurnRecord>();
let totals = emptyTotals();

/** The turn being timed in this async context (a web-chat message turn after a POST), if any. */
function timedTurn(): TurnRecord | undefined {
  const turn = turns.getStore();
  return turn?.counted ? turn : undefined;
}

/**
 * Runs ledger work (a Prisma span or a driver call) and, inside a timed turn, counts its time: the outermost call
 * starts the ledger clock and the last one to end stops it, so nested and overlapping calls count once.
 */
function ledgerSpan<T>(callback: () => T): T {
  const turn = timedTurn();
  if (!turn) return callback();
  if (turn.ledgerDepth === 0) turn.ledgerSinceMs = performance.now();
  turn.ledgerDepth += 1;
  const leave = () => {
    turn.ledgerDepth -= 1;
    if (turn.ledgerDepth === 0) totals.ledgerMs += performance.now() - turn.ledgerSinceMs;
  };
  let result: T;
  try {
    result = callback();
  } catch (error) {
    leave();
    throw error;
  }
  if (typeof result === 'object' && result !== null && typeof (result as { then?: unknown }).then === 'function')
    (result as unknown as PromiseLike<unknown>).then(leave, leave);
  else leave();
  return result;
}

/** Times the turns of every DirectLineAdapter (the class from the sources or from dist/, whichever the server runs). */
export function instrumentDirectLine(adapterClass: { readonly prototype: object }): void {
  type Prototype = {
    processActivity(activity: Partial<Activity>): Promise<void>;
    runMiddleware(context: TurnContext, logic: (context: TurnContext) => Promise<void>): Promise<void>;
    sendActivities(context: TurnContext, activities: Partial<Activity>[]): Promise<ResourceResponse[]>;
  };
  const prototype = adapterClass.prototype as unknown as Prototype;
  const { processActivity, runMiddleware, sendActivities } = prototype;
  prototype.processActivity = function (this: Prototype, activity) {
    const turn: TurnRecord = { request: requests.getStore(), counted: false, ledgerDepth: 0, ledgerSinceMs: 0 };
    return turns.run(turn, () => processActivity.call(this, activity));
  };
  prototype.runMiddleware = async function (this: Prototype, context, logic) {
    const turn = turns.getStore();
    if (!turn || turn.request?.kind !== 'post' || context.activity.type !== 'message') return runMiddleware.call(this, context, logic);
    const startedMs = performance.now();
    turn.counted = true;
    try {
      return await runMiddleware.call(this, context, logic);
    } finally {
      const endedMs = performance.now();
      turn.request.turnEndedMs = endedMs;
      totals.messageTurns += 1;
      totals.httpInMs += startedMs - turn.request.arrivedMs;
      totals.turnMs += endedMs - startedMs;
    }
  };
  prototype.sendActivities = async function (this: Prototype, context, activities) {
    const startedMs = performance.now();
    try {
      return await sendActivities.call(this, context, activities);
    } finally {
      if (timedTurn()) totals.sendMs += performance.now() - startedMs;
    }
  };
}

/** Times the ledger: Prisma's operations and transactions (its tracing hook) and every better-sqlite3, pg and postgres.js call. */
export function instrumentLedger(): void {
  // Prisma's tracing hook (what @prisma/instrumentation registers): every operation, transaction and query runs in
  // runInChildSpan.
  (globalThis as { PRISMA_INSTRUMENTATION?: unknown }).PRISMA_INSTRUMENTATION = {
    helper: {
      isEnabled: () => false,
      getTraceParent: () => '00-10-10-00',
      dispatchEngineSpans: () => undefined,
      getActiveContext: () => undefined,
      runInChildSpan(options: string | { name: string }, callback: () => unknown) {
        if ((typeof options === 'string' ? options : options.name) === 'operation' && timedTurn()) totals.ledgerCalls += 1;
        return ledgerSpan(callback);
      },
    },
  };
  // The drivers, for the statements the ledger runs without Prisma (its SQL runner): better-sqlite3 statements and
  // exec, pg's pool and client queries.
  // A statement is counted once, where it reaches the connection (pg's Pool.query ends in Client.query).
  const timeDriver = (prototype: object, names: readonly string[], counted = true) => {
    const methods = prototype as Record<string, (...parameters: unknown[]) => unknown>;
    for (const name of names) {
      const original = methods[name];
      if (typeof original !== 'function') continue;
      methods[name] = function (this: unknown, ...parameters: unknown[]) {
        if (counted && timedTurn()) totals.sqlStatements += 1;
        return ledgerSpan(() => original.apply(this, parameters));
      };
    }
  };
  const probe = new Database(':memory:');
  timeDriver(Object.getPrototypeOf(probe.prepare('SELECT 1')) as object, ['run', 'get', 'all']);
  probe.close();
  timeDriver(Database.prototype, ['exec']);
  timeDriver(pg.Pool.prototype, ['query'], false);
  timeDriver(pg.Client.prototype, ['query']);
  timePostgresJs();
}

/**
 * Times postgres.js statements (the SQL runner on PostgreSQL): a statement runs once something awaits its Query (a
 * Promise subclass), so its first `then` starts the clock and its settling stops it. The prototype comes from a query
 * made on a client that never connects (postgres.js connects at the first statement it runs).
 */
function timePostgresJs(): void {
  const idle = postgres({ max: 1 });
  const prototype = Object.getPrototypeOf(idle.unsafe('SELECT 1')) as { then: (...parameters: unknown[]) => unknown };
  const then = prototype.then;
  const timed = new WeakSet<object>();
  prototype.then = function (this: object, ...parameters: unknown[]) {
    if (!timed.has(this)) {
      timed.add(this);
      if (timedTurn()) totals.sqlStatements += 1;
      ledgerSpan(() => this);
    }
    return then.apply(this, parameters);
  };
}

/** `recognizer` with its calls timed (pass it as AppOverrides.recognizer). */
export function timedRecognizer(recognizer: Recognizer): Recognizer {
  return {
    async recognize(text, options) {
      const startedMs = performance.now();
      try {
        return await recognizer.recognize(text, options);
      } finally {
        if (timedTurn()) {
          totals.recognizerMs += performance.now() - startedMs;
          totals.recognizerCalls += 1;
        }
      }
    },
  };
}

/** Serves the totals and times every request; the app's own listeners run inside the request's async context. */
export function serveStageTotals(server: Server): void {
  const listeners = server.listeners('request') as ((request: IncomingMessage, response: ServerResponse) => void)[];
  server.removeAllListeners('request');
  server.on('request', (request: IncomingMessage, response: ServerResponse) => {
    const path = request.url ?? '';
    if (path === '/__bench/stages') {
      if (request.method === 'POST') totals = emptyTotals();
      response.writeHead(200, { 'Content-Type': 'application/json' }).end(JSON.stringify(totals));
      return;
    }
    const activities = /^\/v3\/directline\/conversations\/[^/]+\/activities/.test(path);
    const record: RequestRecord = {
      kind: activities && request.method === 'POST' ? 'post' : activities && request.method === 'GET' ? 'get' : 'other',
      arrivedMs: performance.now(),
    };
    response.once('finish', () => {
      const finishedMs = performance.now();
      if (record.kind === 'post' && record.turnEndedMs !== undefined) {
        totals.postRequests += 1;
        totals.postServerMs += finishedMs - record.arrivedMs;
        totals.postAfterTurnMs += finishedMs - record.turnEndedMs;
      } else if (record.kind === 'get') {
        totals.getRequests += 1;
        totals.getServerMs += finishedMs - record.arrivedMs;
      }
    });
    requests.run(record, () => {
      for (const listener of listeners) listener.call(server, request, response);
    });
  });
}
