import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appendMessage, type SqlRunner, type SqlStatement } from '../ledger/index.js';
import { makeBotHarness, type BotHarness } from '../test/support/bot-harness.js';
import { testProviders } from '../test/support/temp-database.js';

/** What the ledger's SQL runner was asked, in order: `query`, `execute` or `batch` (with its statements). */
type Call =
  { readonly kind: 'query' | 'execute'; readonly text: string } | { readonly kind: 'batch'; readonly statements: readonly SqlStatement[] };

/** A runner that records every call before passing it on. */
function recording(sql: SqlRunner, calls: Call[]): SqlRunner {
  return {
    provider: sql.provider,
    query: (text, params) => {
      calls.push({ kind: 'query', text });
      return sql.query(text, params);
    },
    execute: (text, params) => {
      calls.push({ kind: 'execute', text });
      return sql.execute(text, params);
    },
    batch: (statements) => {
      calls.push({ kind: 'batch', statements });
      return sql.batch(statements);
    },
    transaction: (work) => sql.transaction(work),
    close: () => sql.close(),
  };
}

describe.each(testProviders)(
  'a turn on $provider reads and writes in as few round trips as the database allows',
  ({ provider, available }) => {
    const calls: Call[] = [];
    let harness: BotHarness;
    beforeAll(async () => {
      if (available) harness = await makeBotHarness({ provider, wrapSql: (sql) => recording(sql, calls) });
    });
    afterAll(async () => {
      await harness?.destroy();
    });

    it.skipIf(!available)(
      'reads the conversation with its state, stores the message, then the replies and the state together',
      async () => {
        const chat = harness.conversation('es-CL');
        await chat.ask('hola');
        calls.length = 0;
        const replies = await chat.say('ayuda');
        expect(replies.length).toBeGreaterThan(0);

        // PostgreSQL stores the debtor's message in the read's statement; SQLite reads on its own connection, then writes.
        expect(calls.map((call) => call.kind)).toEqual(provider === 'postgresql' ? ['query', 'batch'] : ['query', 'execute', 'batch']);
        const [read] = calls;
        expect(read?.kind === 'query' && read.text).toMatch(/FROM "Conversation" c LEFT JOIN "BotState"/);
        const inbound = provider === 'postgresql' ? read : calls[1];
        expect(inbound?.kind !== 'batch' && inbound?.text).toMatch(/INSERT INTO "Message"/);
        const batch = calls.at(-1);
        const written = batch?.kind === 'batch' ? batch.statements.map((statement) => statement.text) : [];
        expect(written.filter((text) => text.includes('INSERT INTO "Message"'))).toHaveLength(replies.length);
        expect(written.filter((text) => text.includes('INSERT INTO "BotState"'))).toHaveLength(1);

        // What the batch wrote is what the next turn reads: the transcript in order, and the state the dialogs left.
        const stored = await harness.database.prisma.message.findMany({
          where: { conversation: { channelConversationId: chat.conversationId } },
          orderBy: { id: 'asc' },
        });
        const thisTurn = stored.slice(-(replies.length + 1));
        expect(thisTurn.map((message) => [message.author, message.text])).toEqual([
          ['debtor', 'ayuda'],
          ...replies.map((reply) => ['bot', reply.text]),
        ]);
      },
    );

    it.skipIf(!available)(
      'a redelivered message is stopped by its insert and one look at what followed it: nothing is written or answered',
      async () => {
        const chat = harness.conversation('en-US');
        await chat.ask('hello');
        const activity = { ...chat.adapter.makeActivity('what do I owe'), id: 'activity-redelivered-1' };
        const first = await chat.say(activity);
        calls.length = 0;
        const again = await chat.say(activity);
        expect(first.length).toBeGreaterThan(0);
        expect(again).toEqual([]);
        expect(calls.map((call) => call.kind)).toEqual(provider === 'postgresql' ? ['query', 'query'] : ['query', 'execute', 'query']);
      },
    );

    it.skipIf(!available)('answers a redelivered message whose first turn stored it and died before answering, once', async () => {
      const chat = harness.conversation('en-US');
      await chat.ask('hello');
      const conversation = await harness.database.prisma.conversation.findFirstOrThrow({
        where: { channelConversationId: chat.conversationId },
      });
      // What a turn that died after storing the debtor's message leaves behind: the message, and nothing after it.
      await appendMessage(harness.ledger, {
        conversationId: conversation.id,
        direction: 'in',
        author: 'debtor',
        text: 'I need help',
        activityId: 'activity-orphaned-1',
      });
      const activity = { ...chat.adapter.makeActivity('I need help'), id: 'activity-orphaned-1' };
      const answered = await chat.say(activity);
      expect(answered.length).toBeGreaterThan(0);
      expect(await chat.say(activity)).toEqual([]);
      const stored = await harness.database.prisma.message.findMany({ where: { conversationId: conversation.id }, orderBy: { id: 'asc' } });
      expect(stored.filter((message) => message.text === 'I need help')).toHaveLength(1);
      expect(stored.at(-1)?.author).toBe('bot');
    });
  },
);
