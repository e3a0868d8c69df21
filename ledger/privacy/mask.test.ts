import { describe, expect, it } from 'vitest';
import { maskIdentityData } from './mask.js';

describe('maskIdentityData', () => {
  it.each([
    ['Chilean RUT with dots', 'mi rut es 12.345.678-5', 'mi rut es [document]'],
    ['Chilean RUT without dots', 'rut 12345678-5 gracias', 'rut [document] gracias'],
    ['Chilean RUT ending in K', 'RUT: 7.654.321-K', 'RUT: [document]'],
    ['Chilean RUT without dash', 'rut 123456785', 'rut [number]'],
    ['Peruvian DNI', 'mi DNI es 45678912', 'mi DNI es [number]'],
    ['Mexican CURP', 'CURP XDNQ941224MDFZZO08 ok', 'CURP [document] ok'],
    ['Mexican CURP lower case', 'curp xdnq941224mdfzzo08', 'curp [document]'],
    ['Mexican RFC', 'RFC GODE561231GR8', 'RFC [document]'],
    ['Colombian cédula with dots', 'cédula 1.020.304.050', 'cédula [number]'],
    ['Colombian cédula without dots', 'cc 1020304050', 'cc [number]'],
    ['Argentine DNI with dots', 'DNI 12.345.678', 'DNI [number]'],
    ['Salvadoran DUI', 'DUI 01234567-8', 'DUI [document]'],
    ['US SSN last four', 'my ssn 1234', 'my ssn [document]'],
    ['US SSN last four with a colon', 'SSN: 1234', 'SSN: [document]'],
    ['US SSN last four in words', 'last 4 digits of my ssn are 1234', 'last 4 digits of my ssn are [document]'],
    ['US SSN "last four"', 'last four 9876', 'last four [document]'],
    ['Spanish last four', 'últimos 4 dígitos 4321', 'últimos 4 dígitos [document]'],
    ['US SSN whole', 'ssn 123-45-6789', 'ssn [document]'],
    ['US SSN whole without a word', 'it is 123-45-6789', 'it is [number]'],
    ['international phone', 'llámame al +56 9 1234 5678', 'llámame al [phone]'],
    ['international phone without spaces', 'whatsapp +56912345678', 'whatsapp [phone]'],
    ['local mobile phone', 'mi cel 9 1234 5678', 'mi cel [number]'],
    ['phone with parentheses', 'fono (2) 2345 6789', 'fono [number]'],
    ['US phone', 'call me at (415) 555-0123', 'call me at [number]'],
    ['date dd/mm/yyyy', 'nací el 14/03/1985', 'nací el [date]'],
    ['date with dashes', 'nací el 14-03-1985', 'nací el [date]'],
    ['date with dots', 'nací el 14.03.1985', 'nací el [date]'],
    ['date with a two-digit year', 'fecha 14/03/85', 'fecha [date]'],
    ['ISO date', 'born 1985-03-14', 'born [date]'],
    ['Spanish date in words', 'nací el 14 de marzo de 1985', 'nací el [date]'],
    ['Spanish date in words with "del"', 'el 1 de enero del 1990', 'el [date]'],
    ['Spanish date without "de"', 'nacimiento 14 marzo 1985', 'nacimiento [date]'],
    ['English date, month first', 'born March 14, 1985', 'born [date]'],
    ['English date, ordinal', 'born Mar 14th 1985', 'born [date]'],
    ['English date, day first', 'born 14 March 1985', 'born [date]'],
    ['e-mail', 'escríbeme a maria.jose+deuda@correo.cl por favor', 'escríbeme a [email] por favor'],
    ['e-mail with a sub-domain', 'JOHN_DOE@mail.example.co.uk', '[email]'],
    ['card with spaces', 'tarjeta 4111 1111 1111 1111', 'tarjeta [card]'],
    ['card with dashes', 'card 4111-1111-1111-1111', 'card [card]'],
    ['card without separators', 'card 4111111111111111', 'card [card]'],
    ['Amex card', 'amex 3782 822463 10005', 'amex [card]'],
    ['16 digits failing the Luhn check: masked, but not called a card', 'ref 4111 1111 1111 1112', 'ref [number]'],
  ])('masks a %s', (_name, input, expected) => {
    expect(maskIdentityData(input)).toBe(expected);
  });

  it.each([
    'puedo pagar $50.000 el viernes',
    'tengo 50 lucas',
    'en 6 cuotas',
    'debo $1.250.000',
    'debo $ 1.250.000 todavía',
    'son 1.250.000 pesos',
    'US$1,500.00 please',
    'S/ 1.200.000 soles',
    'CLP 2.500.000',
    'pago el 15/12',
    'el 14 de marzo pago',
    'en 2025 pagué',
    'quiero hablar con una persona',
    'cuotas de 50.000 - 6 meses',
    '12 cuotas de $104.166',
  ])('keeps amounts, counts and ordinary text: %s', (input) => {
    expect(maskIdentityData(input)).toBe(input);
  });

  it('masks several items in one message and keeps what is around them', () => {
    expect(maskIdentityData('Soy 12.345.678-5, nací 14/03/1985, fono +56 9 1234 5678, puedo $50.000')).toBe(
      'Soy [document], nací [date], fono [phone], puedo $50.000',
    );
  });

  it('is idempotent', () => {
    const once = maskIdentityData('rut 12.345.678-5 y tarjeta 4111 1111 1111 1111 el 1985-03-14 a a@b.cl');
    expect(maskIdentityData(once)).toBe(once);
    expect(once).not.toMatch(/\d{4}/);
  });
});
