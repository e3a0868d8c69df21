import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import type { Language } from '../dialogs/messages/index.js';

const methodsSchema = z.record(
  z.string().regex(/^([A-Z]{2}|default)$/, 'a two-letter country code or "default"'),
  z.object({ es: z.array(z.string().min(1)).min(1), en: z.array(z.string().min(1)).min(1) }),
);

/** How to pay, per country and language; "default" applies to other countries and before verification. */
export type PaymentMethods = z.infer<typeof methodsSchema>;

/** Built-in payment methods: generic channels lenders commonly offer in each country. */
export const defaultPaymentMethods: PaymentMethods = {
  default: {
    es: ['Transferencia bancaria con la referencia de tu cuenta', 'Pago en línea en el sitio web de tu acreedor'],
    en: ['Bank transfer using your account reference', "Online payment on your creditor's website"],
  },
  CL: {
    es: ['Transferencia bancaria con tu RUT como referencia', 'Webpay en el sitio web', 'Caja Vecina o Servipag'],
    en: ['Bank transfer with your RUT as reference', 'Webpay on the website', 'Caja Vecina or Servipag'],
  },
  PE: {
    es: ['Yape o Plin', 'Agentes y ventanillas bancarias con tu DNI', 'Banca por internet'],
    en: ['Yape or Plin', 'Bank agents with your DNI', 'Online banking'],
  },
  MX: {
    es: ['OXXO con tu número de referencia', 'Transferencia SPEI', 'Pago en línea con tarjeta'],
    en: ['OXXO with your reference number', 'SPEI transfer', 'Online card payment'],
  },
  CO: { es: ['PSE desde tu banco', 'Efecty o Baloto con tu cédula'], en: ['PSE from your bank', 'Efecty or Baloto with your ID'] },
  SV: { es: ['Punto Xpress', 'Banca en línea', 'Agencias bancarias'], en: ['Punto Xpress', 'Online banking', 'Bank branches'] },
  US: {
    es: ['En línea en el sitio web', 'Por teléfono con un agente', 'Cheque por correo'],
    en: ['Online on the website', 'By phone with an agent', 'Check by mail'],
  },
};

/** Loads the payment methods file (PAYMENT_METHODS_FILE) or returns the built-in ones. */
export async function loadPaymentMethods(path: string | undefined): Promise<PaymentMethods> {
  if (!path) return defaultPaymentMethods;
  const parsed = methodsSchema.safeParse(JSON.parse(await readFile(path, 'utf8')));
  if (!parsed.success)
    throw new Error(
      `PAYMENT_METHODS_FILE ${path}: ${parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; ')}`,
    );
  return { ...defaultPaymentMethods, ...parsed.data };
}

/** The methods for a country (or the default list) in a language. */
export function paymentMethodsFor(methods: PaymentMethods, country: string | null, language: Language): readonly string[] {
  const entry = (country ? methods[country] : undefined) ?? methods.default ?? defaultPaymentMethods.default;
  return entry?.[language] ?? [];
}
