import type { TurnContext } from 'botbuilder-core';
import pino from 'pino';
import { describe, expect, it } from 'vitest';
import type { DebtBot } from './debt-bot.js';
import { makeTurnLogic, TurnTimeoutError, type TurnMeter } from './turn-runner.js';

const silent = pino({ level: 'silent' });
const context = { activity: { channelId: 'test', conversation: { id: 'c-1' } } } as unknown as TurnContext;

/** A meter that remembers what it was told. */
function recordingMeter(): TurnMeter & { readonly ended: string[] } {
  const ended: string[] = [];
  return { ended, turnStarted: (channel) => () => ended.push(channel), turnFailed: () => undefined };
}

/** A bot whose turn takes `workMs` and, once aborted, needs `stopMs` more to stop; it logs what happened. */
function slowBot(workMs: number, stopMs: number, log: string[]): DebtBot {
  return {
    run: (_context: TurnContext, signal?: AbortSignal) =>
      new Promise<void>((resolve, reject) => {
        const done = setTimeout(() => {
          log.push('finished');
          resolve();
        }, workMs);
        signal?.addEventListener('abort', () => {
          log.push('aborted');
          clearTimeout(done);
          setTimeout(() => {
            log.push('stopped');
            reject(signal.reason as Error);
          }, stopMs);
        });
      }),
  } as unknown as DebtBot;
}

describe('a turn and its deadline', () => {
  it('aborts a turn that runs out of time, and ends it only once its work has stopped', async () => {
    const log: string[] = [];
    const meter = recordingMeter();
    const turn = makeTurnLogic(
      slowBot(10_000, 40, log),
      meter,
      30,
      silent,
    )(context).catch((error: unknown) => {
      log.push('turn ended');
      throw error;
    });
    await expect(turn).rejects.toBeInstanceOf(TurnTimeoutError);
    expect(log).toEqual(['aborted', 'stopped', 'turn ended']);
    expect(meter.ended).toEqual(['test']);
  });

  it('leaves a turn within its time alone', async () => {
    const log: string[] = [];
    await makeTurnLogic(slowBot(5, 0, log), recordingMeter(), 1_000, silent)(context);
    expect(log).toEqual(['finished']);
  });
});
