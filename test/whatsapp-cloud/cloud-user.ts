// A debtor on WhatsApp, played against the fake Graph API: writes, presses the buttons and list rows the bot sent,
// and reads the bot's replies in order.
import type { FakeGraphApi, FakeSentMessage } from '../support/fake-graph-api.js';

/** A reply option of an interactive message as the user sees it. */
export interface CloudOption {
  readonly kind: 'button' | 'list';
  readonly id: string;
  readonly title: string;
  readonly description?: string;
}

interface InteractiveBody {
  readonly type?: string;
  readonly body?: { readonly text?: string };
  readonly action?: {
    readonly buttons?: ReadonlyArray<{ readonly reply: { readonly id: string; readonly title: string } }>;
    readonly sections?: ReadonlyArray<{
      readonly rows: ReadonlyArray<{ readonly id: string; readonly title: string; readonly description?: string }>;
    }>;
  };
}

/** What a sent message shows: a text's body, an interactive message's body, a template's name. */
export function shownText(message: FakeSentMessage): string {
  if (message.type === 'text') return String((message.body.text as { body?: unknown } | undefined)?.body ?? '');
  if (message.type === 'interactive') return String((message.body.interactive as InteractiveBody | undefined)?.body?.text ?? '');
  if (message.type === 'template') return `[template ${String((message.body.template as { name?: unknown } | undefined)?.name)}]`;
  return '';
}

/** The buttons or rows of an interactive message; none for any other. */
export function optionsOf(message: FakeSentMessage): CloudOption[] {
  if (message.type !== 'interactive') return [];
  const interactive = message.body.interactive as InteractiveBody;
  if (interactive.type === 'button')
    return (interactive.action?.buttons ?? []).map((button) => ({
      kind: 'button' as const,
      id: button.reply.id,
      title: button.reply.title,
    }));
  return (interactive.action?.sections ?? []).flatMap((section) =>
    section.rows.map((row) => ({
      kind: 'list' as const,
      id: row.id,
      title: row.title,
      ...(row.description ? { description: row.description } : {}),
    })),
  );
}

/** One user (a WhatsApp id) talking to the bot through the fake Graph API. */
export class CloudUser {
  /** How many of the messages sent to this user were read already. */
  private read = 0;

  constructor(
    private readonly fake: FakeGraphApi,
    readonly waId: string,
    private readonly name = 'Test User',
  ) {}

  /** Every message the fake accepted for this user, in order. */
  messages(): FakeSentMessage[] {
    return this.fake.sent.filter((message) => message.to === this.waId);
  }

  /** Waits for the first message not read yet whose shown text matches `pattern`; what came before it counts as read. */
  async waitForReply(pattern: RegExp, timeoutMs = 15_000): Promise<FakeSentMessage> {
    const from = this.read;
    const found = await this.fake.waitForSent(
      (message) => message.to === this.waId && this.messages().indexOf(message) >= from && pattern.test(shownText(message)),
      timeoutMs,
    );
    this.read = this.messages().indexOf(found) + 1;
    return found;
  }

  /** Writes `text` and waits for the reply matching `expected`. */
  async say(text: string, expected: RegExp): Promise<FakeSentMessage> {
    const { status } = await this.fake.deliverText(this.waId, text, { name: this.name });
    if (status !== 200) throw new Error(`the webhook answered ${status}`);
    return this.waitForReply(expected);
  }

  /** Presses the option (button or list row) of the last interactive message whose title or description matches `option`. */
  async press(option: RegExp, expected: RegExp): Promise<FakeSentMessage> {
    const last = this.messages()
      .filter((message) => message.type === 'interactive')
      .at(-1);
    const options = last ? optionsOf(last) : [];
    const chosen = options.find((candidate) => option.test(candidate.title) || option.test(candidate.description ?? ''));
    if (!chosen) throw new Error(`no option ${String(option)} among ${options.map((candidate) => candidate.title).join(' | ') || 'none'}`);
    const { status } =
      chosen.kind === 'button'
        ? await this.fake.deliverButtonReply(this.waId, chosen.id, chosen.title)
        : await this.fake.deliverListReply(this.waId, chosen.id, chosen.title);
    if (status !== 200) throw new Error(`the webhook answered ${status}`);
    return this.waitForReply(expected);
  }
}
