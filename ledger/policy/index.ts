/** The policy engine: pure functions deciding what may be offered (DESIGN §3). */
export * from './types.js';
export * from './parse-policy.js';
export * from './settlement.js';
export * from './plan.js';
export * from './schedule.js';
export * from './promise.js';
export * from './percent-text.js';
export { isNegotiable, offerBlocker } from './eligibility.js';
export { afterFailedCheck, isLockedOut, type FailedCheckOutcome } from './lockout.js';
