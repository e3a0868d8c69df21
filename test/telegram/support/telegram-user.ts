import type { FakeBotApi, FakeUser, SentMessage } from './fake-bot-api.js';

/** A Telegram user talking to the bot through the fake Bot API, the way a person would: type, read, press. */
export class TelegramUser {
  private seen: number;

  constructor(
    private readonly api: FakeBotApi,
    readonly user: FakeUser,
  ) {
    this.seen = api.sentMessages(user.id).length;
  }

  /** Sends `text` and waits for a bot message matching `reply`; returns it (with its keyboard). */
  async say(text: string, reply: RegExp, timeoutMs = 10_000): Promise<SentMessage> {
    this.api.userSends(this.user, text);
    return this.waitForReply(reply, timeoutMs);
  }

  /** Presses the button (of the bot's latest message with a keyboard) whose text matches `button`, and waits for `reply`. */
  async press(button: RegExp, reply: RegExp, timeoutMs = 10_000): Promise<SentMessage> {
    const withKeyboard = [...this.api.sentMessages(this.user.id)]
      .reverse()
      .find((message) => message.reply_markup && 'inline_keyboard' in message.reply_markup);
    const buttons =
      withKeyboard?.reply_markup && 'inline_keyboard' in withKeyboard.reply_markup ? withKeyboard.reply_markup.inline_keyboard.flat() : [];
    const target = buttons.find((candidate) => button.test(candidate.text));
    if (!withKeyboard || !target || !('callback_data' in target))
      throw new Error(`no button matching ${button} (buttons: ${buttons.map((candidate) => candidate.text).join(', ')})`);
    this.api.userPresses(this.user, withKeyboard.message_id, target.callback_data);
    return this.waitForReply(reply, timeoutMs);
  }

  /** Waits for a bot message after the ones already read that matches `reply`. */
  async waitForReply(reply: RegExp, timeoutMs = 10_000): Promise<SentMessage> {
    const found = await this.api.waitFor(
      () =>
        this.api
          .sentMessages(this.user.id)
          .slice(this.seen)
          .find((message) => reply.test(message.text)),
      timeoutMs,
    );
    this.seen = this.api.sentMessages(this.user.id).indexOf(found) + 1;
    return found;
  }

  /** Every message the bot sent this user. */
  messages(): SentMessage[] {
    return this.api.sentMessages(this.user.id);
  }
}
