/** Base of every error the ledger raises on purpose; `code` is stable and safe to log. */
export class LedgerError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

/** The same idempotency key was used before with a different request. */
export class IdempotencyConflictError extends LedgerError {
  constructor(readonly idempotencyKey: string) {
    super('idempotency_conflict', 'this idempotency key was already used for a different request');
  }
}

/** A record the caller named does not exist. */
export class NotFoundError extends LedgerError {
  constructor(entity: string) {
    super('not_found', `${entity} not found`);
  }
}
