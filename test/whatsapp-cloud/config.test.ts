import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../server/config.js';

const credentials = {
  WHATSAPP_CLOUD_TOKEN: 'EAAG-test-token-for-the-config',
  WHATSAPP_CLOUD_PHONE_NUMBER_ID: '106540352242922',
  WHATSAPP_CLOUD_APP_SECRET: 'app-secret-0123456789abcdef',
  WHATSAPP_CLOUD_VERIFY_TOKEN: 'verify-token-for-tests',
};

describe('WHATSAPP_CLOUD_* configuration', () => {
  it('leaves the channel off without credentials', () => {
    expect(loadConfig({}).whatsappCloud).toBeUndefined();
  });

  it('turns the channel on with the four credentials, with Meta’s API root by default', () => {
    expect(loadConfig(credentials).whatsappCloud).toEqual({
      token: credentials.WHATSAPP_CLOUD_TOKEN,
      phoneNumberId: credentials.WHATSAPP_CLOUD_PHONE_NUMBER_ID,
      appSecret: credentials.WHATSAPP_CLOUD_APP_SECRET,
      verifyToken: credentials.WHATSAPP_CLOUD_VERIFY_TOKEN,
      apiRoot: 'https://graph.facebook.com/v21.0',
      templates: {},
    });
    expect(loadConfig({ ...credentials, WHATSAPP_CLOUD_API_ROOT: 'http://127.0.0.1:9/v21.0/' }).whatsappCloud?.apiRoot).toBe(
      'http://127.0.0.1:9/v21.0',
    );
  });

  it('runs beside the Baileys channel', () => {
    const config = loadConfig({ ...credentials, WHATSAPP_ENABLED: 'true' });
    expect(config.whatsapp).toBeDefined();
    expect(config.whatsappCloud).toBeDefined();
  });

  it('names the missing credentials when only some are set', () => {
    const { WHATSAPP_CLOUD_APP_SECRET: _secret, WHATSAPP_CLOUD_VERIFY_TOKEN: _verify, ...some } = credentials;
    expect(() => loadConfig(some)).toThrow(ConfigError);
    expect(() => loadConfig(some)).toThrow(/^WHATSAPP_CLOUD_APP_SECRET, WHATSAPP_CLOUD_VERIFY_TOKEN: required/);
    expect(() => loadConfig({ WHATSAPP_CLOUD_TOKEN: credentials.WHATSAPP_CLOUD_TOKEN })).toThrow(
      /WHATSAPP_CLOUD_PHONE_NUMBER_ID, WHATSAPP_CLOUD_APP_SECRET, WHATSAPP_CLOUD_VERIFY_TOKEN/,
    );
  });

  it('refuses a phone number instead of its id', () => {
    expect(() => loadConfig({ ...credentials, WHATSAPP_CLOUD_PHONE_NUMBER_ID: '+56 9 1111 2222' })).toThrow(
      /WHATSAPP_CLOUD_PHONE_NUMBER_ID/,
    );
  });

  it('reads the templates per outbound kind', () => {
    const templates = {
      pre_due: { name: 'recordatorio_pago', language: 'es', parameters: ['lender', 'date'] },
      past_due: { name: 'pago_atrasado', language: 'es_MX', parameters: ['lender', 'days'] },
    };
    expect(loadConfig({ ...credentials, WHATSAPP_CLOUD_TEMPLATES: JSON.stringify(templates) }).whatsappCloud?.templates).toEqual(templates);
  });

  it.each([
    ['not JSON', '{pre_due', /WHATSAPP_CLOUD_TEMPLATES: must be JSON/],
    ['an unknown kind', '{"someday":{"name":"x","language":"es","parameters":[]}}', /WHATSAPP_CLOUD_TEMPLATES/],
    [
      'a name with capitals',
      '{"pre_due":{"name":"Recordatorio","language":"es","parameters":[]}}',
      /WHATSAPP_CLOUD_TEMPLATES\.pre_due\.name/,
    ],
    ['a bad language', '{"pre_due":{"name":"r","language":"spanish","parameters":[]}}', /WHATSAPP_CLOUD_TEMPLATES\.pre_due\.language/],
    [
      'parameters that are not strings',
      '{"pre_due":{"name":"r","language":"es","parameters":[1]}}',
      /WHATSAPP_CLOUD_TEMPLATES\.pre_due\.parameters\.0/,
    ],
    ['a missing field', '{"pre_due":{"name":"r","language":"es"}}', /WHATSAPP_CLOUD_TEMPLATES\.pre_due\.parameters/],
  ])('refuses templates with %s, naming the field', (_what, value, message) => {
    expect(() => loadConfig({ ...credentials, WHATSAPP_CLOUD_TEMPLATES: value })).toThrow(message);
  });

  it('refuses templates without the channel', () => {
    expect(() => loadConfig({ WHATSAPP_CLOUD_TEMPLATES: '{}' })).toThrow(/WHATSAPP_CLOUD_TEMPLATES: set WHATSAPP_CLOUD_TOKEN/);
  });
});
