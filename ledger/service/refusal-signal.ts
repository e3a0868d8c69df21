import type { Refusal } from '../policy/index.js';

/** Thrown inside a transaction to roll it back when the policy refuses; caught and returned as a value. */
export class RefusalSignal extends Error {
  constructor(readonly refusal: Refusal) {
    super(refusal.code);
  }
}
