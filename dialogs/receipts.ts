import type { ReceiptDue } from '../ledger/index.js';
import { money } from './format.js';
import type { Language } from './messages/index.js';

/** The last four characters of an account reference, as receipts name the account. */
function accountTail(accountRef: string): string {
  return `···${accountRef.slice(-4)}`;
}

/** The text of a payment's (or a reversal's) receipt in the debtor's language: amount, account, balance now, any credit. */
export function composeReceipt(receipt: ReceiptDue, language: Language, country: string): string {
  const format = (minor: number) => money(minor, receipt.currency, language, country);
  const account = accountTail(receipt.accountRef);
  if (language === 'en') {
    if (receipt.kind === 'reversal')
      return `Your payment of ${format(receipt.amountMinor)} to account ${account} was reversed (a refund or a chargeback). Balance now: ${format(receipt.balanceMinor)}.`;
    const credit =
      receipt.creditMinor > 0 ? ` ${format(receipt.creditMinor)} was more than you owed and is kept as credit in your favour.` : '';
    return `We received your payment of ${format(receipt.amountMinor)} to account ${account}. Thank you! Balance now: ${format(receipt.balanceMinor)}.${credit}`;
  }
  if (receipt.kind === 'reversal')
    return `Tu pago de ${format(receipt.amountMinor)} a la cuenta ${account} fue reversado (un reembolso o un contracargo). Saldo actual: ${format(receipt.balanceMinor)}.`;
  const credit = receipt.creditMinor > 0 ? ` ${format(receipt.creditMinor)} superó lo que debías y queda como saldo a tu favor.` : '';
  return `Recibimos tu pago de ${format(receipt.amountMinor)} a la cuenta ${account}. ¡Gracias! Saldo actual: ${format(receipt.balanceMinor)}.${credit}`;
}
