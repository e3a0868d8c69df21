import type { ReceiptDue } from '../ledger/index.js';
import { money } from './format.js';
import { messagesFor, type Language } from './messages/index.js';

/** The text of a payment's (or a reversal's) receipt in the debtor's language: amount, account (its last four characters), balance now, any credit. */
export function composeReceipt(receipt: ReceiptDue, language: Language, country: string): string {
  const texts = messagesFor(language).receipts;
  const format = (minor: number) => money(minor, receipt.currency, language, country);
  const account = `···${receipt.accountRef.slice(-4)}`;
  if (receipt.kind === 'reversal') return texts.reversed(format(receipt.amountMinor), account, format(receipt.balanceMinor));
  const credit = receipt.creditMinor > 0 ? texts.credit(format(receipt.creditMinor)) : '';
  return `${texts.paid(format(receipt.amountMinor), account, format(receipt.balanceMinor))}${credit}`;
}
