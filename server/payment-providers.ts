import type { PaymentProvider } from '../adapters/payments/provider.js';
import type { Config } from './config.js';

/** The configured hosted-checkout providers: all of them (for their webhooks) and the one of each country. */
export interface PaymentProviders {
  readonly all: readonly PaymentProvider[];
  readonly byCountry: ReadonlyMap<string, PaymentProvider>;
}

/** Builds the providers that have credentials; their SDKs are loaded only then (a server without Stripe does not carry it). */
export async function makePaymentProviders(config: Config['payments']): Promise<PaymentProviders> {
  const byName = new Map<string, PaymentProvider>();
  if (config.mercadopago) {
    const { createMercadoPagoProvider } = await import('../adapters/payments/mercadopago-provider.js');
    byName.set(
      'mercadopago',
      createMercadoPagoProvider({ ...config.mercadopago, ...(config.mercadopago.apiUrl ? {} : { apiUrl: undefined }) }),
    );
  }
  if (config.stripe) {
    const { createStripeProvider } = await import('../adapters/payments/stripe-provider.js');
    const { secretKey, webhookSecret, apiUrl } = config.stripe;
    byName.set('stripe', createStripeProvider({ secretKey, webhookSecret, ...(apiUrl ? { apiUrl } : {}) }));
  }
  const byCountry = new Map<string, PaymentProvider>();
  for (const [country, name] of config.providerByCountry) {
    const provider = byName.get(name);
    if (provider) byCountry.set(country, provider);
  }
  return { all: [...byName.values()], byCountry };
}
