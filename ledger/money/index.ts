/** Exact money: integer minor units, exact parsing, allocation and locale-aware formatting. */
export * from './currencies.js';
export * from './money.js';
export * from './share.js';
export * from './format.js';
