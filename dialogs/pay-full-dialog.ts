import { ComponentDialog, TextPrompt, WaterfallDialog, type WaterfallStepContext } from './dialog-library.js';
import {
  agreeSettlement,
  isNegotiable,
  offerSettlement,
  percentTextToBasisPoints,
  type PolicyResult,
  type SettlementOffer,
} from '../ledger/index.js';
import { accountChoiceSteps, chosenAccount } from './account-choice.js';
import { resolveChoice, type Choice } from './choices.js';
import { catalogOf, debtorActor, debtorToday, sendDisclosing, turnKey, verifiedDebtor } from './debtor.js';
import { longDate, money } from './format.js';
import { handToHuman } from './handoff.js';
import { dialogIds } from './ids.js';
import { consentIntent } from './intents.js';
import { sendPayNow } from './pay-now.js';
import { ask } from './prompting.js';
import { refusalText } from './refusals.js';
import type { DialogServices } from './services.js';
import { turnInfo } from './turn.js';

/** Options of PayFullDialog: the debtor's words, to read an asked discount ("50% off"). */
export interface PayFullOptions {
  readonly text?: string;
}

interface PayFullValues {
  offer?: SettlementOffer;
  requestedBasisPoints?: number;
}

/**
 * The discount a message asks for ("30%", "12,5 por ciento", "30 percent") in exact basis points;
 * undefined when it asks none, a refusal when the number has more than two decimals (never rounded).
 */
export function askedDiscount(text: string): PolicyResult<{ basisPoints: number }> | undefined {
  const match = /(\d{1,3}(?:[.,]\d+)?)\s*(?:%|por\s*ciento|percent)/i.exec(text);
  return match?.[1] === undefined ? undefined : percentTextToBasisPoints(match[1]);
}

/** Pay in full: the settlement discount the policy allows by days past due, how to pay, recorded after a yes. */
export class PayFullDialog extends ComponentDialog {
  constructor(private readonly services: DialogServices) {
    super(dialogIds.payFull);
    this.addDialog(new TextPrompt(dialogIds.text));
    const steps = `${dialogIds.payFull}.steps`;
    this.addDialog(
      new WaterfallDialog(steps, [
        ...accountChoiceSteps(services, isNegotiable, async (step) => {
          await sendDisclosing(step.context, catalogOf(step.context).noOfferableAccount);
        }),
        this.offer.bind(this),
        this.decide.bind(this),
      ]),
    );
    this.initialDialogId = steps;
  }

  private confirmChoices(step: WaterfallStepContext): Choice[] {
    const messages = catalogOf(step.context);
    return [
      { value: 'yes', title: messages.choices.yes, intents: ['affirm', 'pay_full'] },
      { value: 'no', title: messages.choices.no, intents: ['deny'] },
      { value: 'human', title: messages.choices.human, intents: ['human'] },
    ];
  }

  private async offer(step: WaterfallStepContext) {
    const account = await chosenAccount(this.services, step);
    if (!account) return step.endDialog();
    const debtor = verifiedDebtor(step.context);
    const { language } = turnInfo(step.context);
    const messages = catalogOf(step.context);
    const values = step.values as PayFullValues;
    const asked = askedDiscount((step.options as PayFullOptions | undefined)?.text ?? '');
    const requestedBasisPoints = asked?.ok ? asked.basisPoints : undefined;
    values.requestedBasisPoints = requestedBasisPoints;
    const result: PolicyResult<{ offer: SettlementOffer }> =
      asked && !asked.ok
        ? asked
        : offerSettlement(
            account,
            this.services.ledger.policy,
            debtorToday(this.services, debtor),
            requestedBasisPoints === undefined ? {} : { discountBasisPoints: requestedBasisPoints },
          );
    const format = (minor: number) => money(minor, account.currency, language, debtor.country);
    if (!result.ok) {
      await sendDisclosing(step.context, refusalText(result.refusal, messages, account.currency, language, debtor.country));
      return step.endDialog();
    }
    const { offer } = result;
    if (offer.discountMinor === 0) {
      const capped = requestedBasisPoints !== undefined && requestedBasisPoints > 0 ? `\n${messages.discountCapped(0)}` : '';
      await sendPayNow(step.context, this.services, {
        accountId: account.id,
        purpose: 'full',
        lead: `${messages.payInFullNoDiscount(format(offer.balanceMinor))}${capped}`,
      });
      return step.endDialog();
    }
    values.offer = offer;
    const text = [
      messages.settlementOffer(
        format(offer.payAmountMinor),
        format(offer.discountMinor),
        offer.discountPercent,
        longDate(offer.payByIso, language),
      ),
      offer.capped ? messages.discountCapped(offer.discountPercent) : '',
      messages.confirmSettlement,
    ]
      .filter(Boolean)
      .join('\n');
    return ask(step, 'payFull.confirm', text, {
      choices: this.confirmChoices(step),
      answers: ['pay_full', 'affirm', 'deny'],
      disclosing: true,
    });
  }

  private async decide(step: WaterfallStepContext) {
    const values = step.values as PayFullValues;
    const offer = values.offer;
    const account = await chosenAccount(this.services, step);
    if (!offer || !account) return step.endDialog();
    const debtor = verifiedDebtor(step.context);
    const info = turnInfo(step.context);
    const messages = catalogOf(step.context);
    const reply = String(step.result ?? '');
    const picked = resolveChoice(reply, this.confirmChoices(step), consentIntent(info.recognition, reply));
    if (picked?.value === 'human') {
      await handToHuman(step.context, this.services, 'exception');
      return step.endDialog();
    }
    if (picked?.value !== 'yes') {
      await step.context.sendActivity(messages.planDeclined);
      return step.endDialog();
    }
    const settlementKey = turnKey(step.context, 'settlement');
    const outcome = await agreeSettlement(info.ledger, {
      idempotencyKey: settlementKey,
      accountId: account.id,
      acceptedOffer: offer,
      ...(values.requestedBasisPoints === undefined ? {} : { requestedDiscountBasisPoints: values.requestedBasisPoints }),
      todayIso: debtorToday(this.services, debtor),
      actor: debtorActor(step.context),
    });
    if (!outcome.ok) {
      await step.context.sendActivity(refusalText(outcome.refusal, messages, account.currency, info.language, debtor.country));
      return step.endDialog();
    }
    if (!outcome.replayed) this.services.metrics.agreementRecorded('settlement');
    await sendPayNow(step.context, this.services, {
      accountId: account.id,
      purpose: 'settlement',
      keyBase: settlementKey,
      lead: messages.settlementRecorded(
        money(offer.payAmountMinor, offer.currency, info.language, debtor.country),
        longDate(offer.payByIso, info.language),
      ),
    });
    return step.endDialog();
  }
}
