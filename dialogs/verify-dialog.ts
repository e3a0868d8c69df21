import { ComponentDialog, TextPrompt, WaterfallDialog, type WaterfallStepContext } from './dialog-library.js';
import { dateInTimeZone } from '../lib/calendar.js';
import {
  findChannelLink,
  isContactKind,
  linkConversationDebtor,
  reminderFollowUp,
  type ReminderFollowUp,
  reverifyLinked,
  verifyIdentity,
  type ContactKind,
  type VerificationOutcome,
  type VerifiedDebtor,
} from '../ledger/index.js';
import { catalogOf } from './debtor.js';
import { longDate, productName } from './format.js';
import { disclosingIntents, actionableIntent } from './intents.js';
import { dialogIds } from './ids.js';
import { findBirthDate, findDocumentNumber, findPhoneLast4 } from './identity-input.js';
import { ask } from './prompting.js';
import { composeReminder } from './reminders.js';
import type { DialogServices } from './services.js';
import { turnInfo, type PendingIdentity } from './turn.js';

/** Why the next question is asked again (or first). */
type AskNote = 'document_not_understood' | 'date_not_understood' | 'phone_not_understood' | 'verify_first';

interface VerifyOptions {
  /** Set once the dialog has asked something (the linked-user shortcut is tried only at the start). */
  readonly started?: boolean;
  /** After a failed check: ask again without the introduction. */
  readonly retry?: boolean;
  readonly note?: AskNote;
}

/**
 * Identity verification before any disclosure (DESIGN §4): takes the document number and the date of
 * birth in any order, in one message or two, including what the debtor volunteered before being asked
 * (kept in the conversation's memory), and asks only for what is missing; the phone's last four digits
 * when several debtors match; lockout after repeated failures. Ends with the VerifiedDebtor, or undefined.
 */
export class VerifyDialog extends ComponentDialog {
  private readonly stepsId = `${dialogIds.verify}.steps`;

  constructor(private readonly services: DialogServices) {
    super(dialogIds.verify);
    this.addDialog(new TextPrompt(dialogIds.text));
    this.initialDialogId = this.stepsId;
    this.addDialog(new WaterfallDialog(this.stepsId, [this.askNext.bind(this), this.readAnswer.bind(this)]));
  }

  private async finish(step: WaterfallStepContext, verified: VerifiedDebtor) {
    const info = turnInfo(step.context);
    info.memory.verified = verified;
    delete info.memory.identity;
    delete info.memory.prompt;
    // The link and the reminders' lookup do not depend on each other: they go to the database together.
    const [, followUp] = await Promise.all([
      linkConversationDebtor(info.ledger, info.conversationId, verified.debtorId),
      reminderFollowUp(info.ledger, { debtorId: verified.debtorId, channel: info.channel, nowMs: this.services.now().getTime() }),
    ]);
    await step.context.sendActivity(catalogOf(step.context).verified(verified.firstName));
    await this.followUpReminders(step, verified, followUp);
    return step.endDialog(verified);
  }

  /** Right after verification: the web chat notices left while the debtor was away, or which reminder this chat is answering. */
  private async followUpReminders(step: WaterfallStepContext, verified: VerifiedDebtor, followUp: ReminderFollowUp) {
    const info = turnInfo(step.context);
    const messages = catalogOf(step.context);
    const notices = followUp.notices.filter((notice): notice is typeof notice & { kind: ContactKind } => isContactKind(notice.kind));
    if (notices.length > 0) {
      const texts = notices.map(
        (notice) =>
          composeReminder({
            kind: notice.kind,
            language: info.language,
            lenderName: this.services.lenderName,
            aboutDateIso: notice.aboutDateIso,
            // Told as of today: a notice read three days late says how late the payment is now.
            localDateIso: dateInTimeZone(this.services.now(), verified.timezone),
            disclosure: notice.template.endsWith('.us'),
          }).text,
      );
      await step.context.sendActivity([messages.reminders.pendingNotices(notices.length), ...texts].join('\n\n'));
    }
    const last = followUp.lastReminder;
    if (last) {
      const account = `${productName(last.product, info.language)} …${last.accountRef.slice(-4)}`;
      await step.context.sendActivity(messages.reminders.replyingTo(account, longDate(last.aboutDateIso, info.language)));
    }
  }

  /** Asks for what is still missing, or checks once everything is there. */
  private async askNext(step: WaterfallStepContext) {
    const info = turnInfo(step.context);
    const options = (step.options ?? {}) as VerifyOptions;
    const identity: PendingIdentity = (info.memory.identity ??= {});
    const messages = catalogOf(step.context);
    if (!options.started && !options.retry && !identity.documentNumber) {
      // A channel user linked by a full verification younger than the link's lifetime confirms the date of birth alone.
      const link = await findChannelLink(this.services.ledger, { channel: info.channel, channelUserId: info.channelUserId });
      const linkAgeDays = link ? (this.services.now().getTime() - link.verifiedAt.getTime()) / 86_400_000 : Infinity;
      identity.linked = linkAgeDays < this.services.verificationTtl.linkDays;
    }
    if (identity.linked && !identity.documentNumber && identity.dateOfBirthIso) return this.check(step, undefined);
    const lead = [
      info.memory.verificationLapsed ? messages.verificationExpired : '',
      options.note === 'verify_first' ? messages.verifyFirst : '',
    ]
      .filter(Boolean)
      .map((text) => `${text} `)
      .join('');
    delete info.memory.verificationLapsed;
    if (identity.linked && !identity.documentNumber) {
      return ask(
        step,
        'verify.birthDate',
        `${lead}${options.note === 'date_not_understood' ? messages.birthDateNotUnderstood : messages.reverifyBirthDate}`,
        { raw: true },
      );
    }
    if (identity.documentNumber && identity.dateOfBirthIso && !identity.needPhone) return this.check(step, undefined);
    if (identity.needPhone)
      return ask(
        step,
        'verify.phone',
        `${lead}${options.note === 'phone_not_understood' ? messages.phoneNotUnderstood : messages.askPhoneLast4}`,
        { raw: true },
      );
    if (!identity.documentNumber) {
      const question =
        options.note === 'document_not_understood'
          ? messages.documentNotUnderstood
          : identity.dateOfBirthIso
            ? messages.askDocumentAfterDate
            : options.started || options.retry
              ? messages.askDocument
              : `${messages.verifyIntro} ${messages.askDocument}`;
      return ask(step, 'verify.document', `${lead}${question}`, { raw: true });
    }
    return ask(
      step,
      'verify.birthDate',
      `${lead}${options.note === 'date_not_understood' ? messages.birthDateNotUnderstood : messages.askBirthDate}`,
      { raw: true },
    );
  }

  /** Takes whatever identity data the answer carries (a date where a document was asked is kept as the date of birth). */
  private async readAnswer(step: WaterfallStepContext) {
    const info = turnInfo(step.context);
    info.sensitive = true;
    const identity: PendingIdentity = (info.memory.identity ??= {});
    const text = String(step.result ?? '');
    if (identity.needPhone) {
      const phoneLast4 = findPhoneLast4(text);
      if (phoneLast4) return this.check(step, phoneLast4);
      return this.askAgain(step, 'phone_not_understood');
    }
    const expectingDocument = !identity.documentNumber && !identity.linked;
    const today = dateInTimeZone(this.services.now(), info.timezone);
    // A date typed without separators ("14031985") is read as one only where a date is expected.
    const date = findBirthDate(expectingDocument ? text : text.replace(/^\s*(\d{2})(\d{2})(\d{4})\s*$/, '$1/$2/$3'), info.language, today);
    const documentNumber = findDocumentNumber(date ? date.rest : text);
    if (date) identity.dateOfBirthIso = date.dateIso;
    // While a date is expected, a number alone is a date typed without separators, never a new document.
    const takeDocument = documentNumber !== null && (expectingDocument || date !== null);
    if (takeDocument) {
      identity.documentNumber = documentNumber;
      identity.linked = false;
    }
    if (date || takeDocument) return step.replaceDialog(this.stepsId, { started: true } satisfies VerifyOptions);
    return this.askAgain(step, expectingDocument ? 'document_not_understood' : 'date_not_understood');
  }

  /** Asks the same question again: explaining that verification comes first when the debtor asked for something else. */
  private async askAgain(step: WaterfallStepContext, note: AskNote) {
    const info = turnInfo(step.context);
    const intent = actionableIntent(info.recognition.intent, info.recognition.score);
    if (disclosingIntents.has(intent) && info.recognition.score >= 0.8) {
      info.memory.pendingIntent = intent;
      return step.replaceDialog(this.stepsId, { started: true, note: 'verify_first' } satisfies VerifyOptions);
    }
    return step.replaceDialog(this.stepsId, { started: true, note } satisfies VerifyOptions);
  }

  private async check(step: WaterfallStepContext, phoneLast4: string | undefined) {
    const info = turnInfo(step.context);
    const identity: PendingIdentity = info.memory.identity ?? {};
    const messages = catalogOf(step.context);
    const user = { channel: info.channel, channelUserId: info.channelUserId };
    const outcome: VerificationOutcome =
      identity.linked && !identity.documentNumber
        ? await reverifyLinked(info.ledger, user, identity.dateOfBirthIso ?? '', this.services.now())
        : await verifyIdentity(
            info.ledger,
            user,
            {
              documentNumber: identity.documentNumber ?? '',
              dateOfBirthIso: identity.dateOfBirthIso ?? '',
              ...(phoneLast4 ? { phoneLast4 } : {}),
            },
            this.services.now(),
          );
    switch (outcome.status) {
      case 'verified':
        return this.finish(step, outcome);
      case 'need_phone':
        identity.needPhone = true;
        info.memory.identity = identity;
        return ask(step, 'verify.phone', messages.askPhoneLast4, { raw: true });
      case 'failed':
        delete info.memory.identity;
        delete info.memory.prompt;
        await step.context.sendActivity(messages.verificationFailed(outcome.attemptsLeft));
        return step.replaceDialog(this.stepsId, { retry: true } satisfies VerifyOptions);
      case 'locked': {
        delete info.memory.identity;
        delete info.memory.prompt;
        const minutes = Math.max(1, Math.ceil((outcome.lockedUntil.getTime() - this.services.now().getTime()) / 60_000));
        await step.context.sendActivity(messages.verificationLocked(minutes));
        return step.endDialog(undefined);
      }
    }
  }
}
