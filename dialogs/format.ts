import { formatMoney, makeMoney, type AccountView } from '../ledger/index.js';
import { messagesFor, type Language } from './messages/index.js';

/** Money for people, in the debtor's language and country conventions ("$1.234.567", "S/ 1,234.50"). */
export function money(amountMinor: number, currency: string, language: Language, country: string | undefined): string {
  return formatMoney(makeMoney(amountMinor, currency), `${language}-${country ?? (language === 'en' ? 'US' : 'CL')}`).replace(
    /\u00a0/g,
    ' ',
  );
}

const longDateFormats: Record<Language, Intl.DateTimeFormat> = {
  es: new Intl.DateTimeFormat('es-CL', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' }),
  en: new Intl.DateTimeFormat('en-US', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' }),
};

/** A calendar date for people: "23 de diciembre de 2026" / "December 23, 2026". */
export function longDate(dateIso: string, language: Language): string {
  return longDateFormats[language].format(new Date(`${dateIso}T00:00:00Z`));
}

/** The product's name in the language (or the raw code made readable). */
export function productName(product: string, language: Language): string {
  return messagesFor(language).products[product] ?? product.replaceAll('_', ' ');
}

/** The last four characters of an account reference, enough to tell accounts apart. */
export function referenceTail(account: AccountView): string {
  return account.externalRef.slice(-4);
}

/** A short label for choosing among accounts: "Tarjeta de crédito …0001 · $3.423.473". */
export function accountLabel(account: AccountView, language: Language, country: string | undefined): string {
  return `${productName(account.product, language)} …${referenceTail(account)} · ${money(account.balanceMinor, account.currency, language, country)}`;
}
