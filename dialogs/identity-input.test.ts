import { describe, expect, it } from 'vitest';
import { findBirthDate, findVolunteeredIdentity } from './identity-input.js';

const today = '2026-11-23';

describe('identity data a debtor volunteers', () => {
  it.each([
    ['12.345.678-5', 'es', { documentNumber: '12.345.678-5' }],
    ['hola, mi rut es 12345678-5', 'es', { documentNumber: '12345678-5' }],
    ['45678912', 'es', { documentNumber: '45678912' }],
    ['mi curp loha900512mdfprn09', 'es', { documentNumber: 'loha900512mdfprn09' }],
    ['cedula 1.020.304.050', 'es', { documentNumber: '1.020.304.050' }],
    ['04567891-2 30/09/1975', 'es', { documentNumber: '04567891-2', dateOfBirthIso: '1975-09-30' }],
    ['14/03/1985', 'es', { dateOfBirthIso: '1985-03-14' }],
    ['nací el 14 de marzo de 1985', 'es', { dateOfBirthIso: '1985-03-14' }],
    ['my ssn is 4821', 'en', { documentNumber: '4821' }],
    ['4821 04/12/1979', 'en', { documentNumber: '4821', dateOfBirthIso: '1979-04-12' }],
    ['born March 14, 1985', 'en', { dateOfBirthIso: '1985-03-14' }],
    ['xxx-xx-4821', 'en', { documentNumber: '4821' }],
    // Only a written-out SSN shape is cut to its last four: a bare nine-digit number (a RUT without its dash) stays whole.
    ['123456785', 'es', { documentNumber: '123456785' }],
    ['my ssn is ***-**-4821', 'en', { documentNumber: '4821' }],
    ['ssn 123-45-4821, dob 4-12-1979', 'en', { documentNumber: '4821', dateOfBirthIso: '1979-04-12' }],
    ['mi rut es 12345678 guion 5 y naci el 14 de marzo del 85', 'es', { documentNumber: '12345678-5', dateOfBirthIso: '1985-03-14' }],
  ] as const)('takes "%s"', (text, language, expected) => {
    expect(findVolunteeredIdentity(text, language, today)).toEqual(expected);
  });

  it.each([
    ['quiero pagar 50000', 'es'],
    ['puedo pagar 1.250.000 pesos', 'es'],
    ['en 6 cuotas de 100000', 'es'],
    ['mi teléfono es 912345678', 'es'],
    ['llámame al +56 9 1234 5678', 'es'],
    ['4821', 'en'],
    ['I can pay 1500 on Friday', 'en'],
    ['pago el 15/12', 'es'],
    ['el 20 de noviembre de 2026 pagué', 'es'],
    ['cuánto debo?', 'es'],
    ['pago el 15 de marzo 20 lucas', 'es'],
  ] as const)('leaves "%s" alone (money, phones, payment dates, short numbers without a cue)', (text, language) => {
    expect(findVolunteeredIdentity(text, language, today)).toEqual({});
  });
});

describe('dates of birth', () => {
  it.each([
    ['14/03/1985', 'es', '1985-03-14'],
    ['14-03-85', 'es', '1985-03-14'],
    ['14 03 1985', 'es', '1985-03-14'],
    ['04/12/1979', 'en', '1979-04-12'],
    ['25/12/1979', 'en', '1979-12-25'],
    ['1985-03-14', 'en', '1985-03-14'],
    ['01/02/05', 'es', '2005-02-01'],
    ['01/02/15', 'es', '1915-02-01'],
    ['marzo 14 de 1985', 'es', '1985-03-14'],
    ['14 mar 85', 'es', '1985-03-14'],
    ['14 de marzo del 85', 'es', '1985-03-14'],
    ['April 12th, 79', 'en', '1979-04-12'],
  ] as const)('reads "%s" (%s) as %s', (text, language, iso) => {
    expect(findBirthDate(text, language, today)?.dateIso).toBe(iso);
  });

  it('reads no impossible day', () => {
    expect(findBirthDate('31/02/1985', 'es', today)).toBeNull();
  });
});
