/** Base of every error the project raises on purpose (ledger, console, Direct Line, turns): `code` is stable and safe to log. */
export class CodedError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

/** Base of every error the ledger raises on purpose. */
export class LedgerError extends CodedError {}

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
