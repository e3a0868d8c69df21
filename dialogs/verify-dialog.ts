import { ComponentDialog, TextPrompt, WaterfallDialog, type WaterfallStepContext } from 'botbuilder-dialogs';
import { findVerifiedDebtor, linkConversationDebtor, verifyIdentity, type VerifiedDebtor } from '../ledger/index.js';
import { catalogOf } from './debtor.js';
import { dialogIds } from './ids.js';
import { findBirthDate, findDocumentNumber, findPhoneLast4 } from './identity-input.js';
import type { DialogServices } from './services.js';
import { turnInfo } from './turn.js';

interface VerifyOptions {
  readonly retry?: boolean;
  readonly documentNotUnderstood?: boolean;
  readonly documentNumber?: string;
  readonly dateNotUnderstood?: boolean;
}

interface VerifyValues {
  documentNumber?: string;
  dateOfBirthIso?: string;
}

/**
 * Identity verification before any disclosure: document number and date of birth (in one message
 * or two), the phone's last four digits when several debtors match; lockout after repeated
 * failures. Ends with the VerifiedDebtor, or undefined when verification did not succeed.
 */
export class VerifyDialog extends ComponentDialog {
  private readonly stepsId = `${dialogIds.verify}.steps`;

  constructor(private readonly services: DialogServices) {
    super(dialogIds.verify);
    this.addDialog(new TextPrompt(dialogIds.text));
    this.initialDialogId = this.stepsId;
    this.addDialog(
      new WaterfallDialog(this.stepsId, [
        this.askDocument.bind(this),
        this.readDocument.bind(this),
        this.readBirthDate.bind(this),
        this.readPhone.bind(this),
      ]),
    );
  }

  private async finish(step: WaterfallStepContext, verified: VerifiedDebtor) {
    const info = turnInfo(step.context);
    info.memory.verified = verified;
    info.memory.awaitingRawInput = false;
    await linkConversationDebtor(this.services.ledger, info.conversationId, verified.debtorId);
    await step.context.sendActivity(catalogOf(step.context).verified(verified.firstName));
    return step.endDialog(verified);
  }

  private async askDocument(step: WaterfallStepContext) {
    const info = turnInfo(step.context);
    const options = (step.options ?? {}) as VerifyOptions;
    const known = options.retry ? null : await findVerifiedDebtor(this.services.ledger, { channel: info.channel, channelUserId: info.channelUserId });
    if (known) {
      info.memory.verified = known;
      await linkConversationDebtor(this.services.ledger, info.conversationId, known.debtorId);
      return step.endDialog(known);
    }
    info.memory.awaitingRawInput = true;
    const messages = catalogOf(step.context);
    if (options.documentNumber) {
      (step.values as VerifyValues).documentNumber = options.documentNumber;
      return step.prompt(dialogIds.text, { prompt: options.dateNotUnderstood ? messages.birthDateNotUnderstood : messages.askBirthDate });
    }
    if (options.documentNotUnderstood) return step.prompt(dialogIds.text, { prompt: messages.documentNotUnderstood });
    return step.prompt(dialogIds.text, { prompt: options.retry ? messages.askDocument : `${messages.verifyIntro} ${messages.askDocument}` });
  }

  private async readDocument(step: WaterfallStepContext) {
    const info = turnInfo(step.context);
    info.sensitive = true;
    const values = step.values as VerifyValues;
    const text = String(step.result ?? '');
    if (values.documentNumber) return step.next(text);
    const date = findBirthDate(text, info.language);
    const documentNumber = findDocumentNumber(date ? date.rest : text);
    if (!documentNumber) return step.replaceDialog(this.stepsId, { retry: true, documentNotUnderstood: true } satisfies VerifyOptions);
    values.documentNumber = documentNumber;
    if (date) {
      values.dateOfBirthIso = date.dateIso;
      return step.next(undefined);
    }
    return step.prompt(dialogIds.text, { prompt: catalogOf(step.context).askBirthDate });
  }

  private async readBirthDate(step: WaterfallStepContext) {
    const info = turnInfo(step.context);
    info.sensitive = true;
    const values = step.values as VerifyValues;
    if (!values.dateOfBirthIso) {
      const date = findBirthDate(String(step.result ?? ''), info.language);
      if (!date) return step.replaceDialog(this.stepsId, { retry: true, documentNumber: values.documentNumber, dateNotUnderstood: true } satisfies VerifyOptions);
      values.dateOfBirthIso = date.dateIso;
    }
    return this.check(step, undefined);
  }

  private async readPhone(step: WaterfallStepContext) {
    turnInfo(step.context).sensitive = true;
    const phoneLast4 = findPhoneLast4(String(step.result ?? ''));
    return this.check(step, phoneLast4 ?? '0000-invalid');
  }

  private async check(step: WaterfallStepContext, phoneLast4: string | undefined) {
    const info = turnInfo(step.context);
    const values = step.values as VerifyValues;
    const messages = catalogOf(step.context);
    const outcome = await verifyIdentity(
      this.services.ledger,
      { channel: info.channel, channelUserId: info.channelUserId },
      { documentNumber: values.documentNumber ?? '', dateOfBirthIso: values.dateOfBirthIso ?? '', ...(phoneLast4 ? { phoneLast4 } : {}) },
      this.services.now(),
    );
    switch (outcome.status) {
      case 'verified':
        return this.finish(step, outcome);
      case 'need_phone':
        return step.prompt(dialogIds.text, { prompt: messages.askPhoneLast4 });
      case 'failed':
        await step.context.sendActivity(messages.verificationFailed(outcome.attemptsLeft));
        return step.replaceDialog(this.stepsId, { retry: true } satisfies VerifyOptions);
      case 'locked': {
        info.memory.awaitingRawInput = false;
        const minutes = Math.max(1, Math.ceil((outcome.lockedUntil.getTime() - this.services.now().getTime()) / 60_000));
        await step.context.sendActivity(messages.verificationLocked(minutes));
        return step.endDialog(undefined);
      }
    }
  }
}
