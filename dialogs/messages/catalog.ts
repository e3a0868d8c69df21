/** Every text the bot says, per language (DESIGN §2: no string literals scattered in logic). */
export interface Catalog {
  readonly greeting: (lender: string) => string;
  readonly menuTitle: string;
  readonly menu: {
    readonly balance: string;
    readonly payFull: string;
    readonly plan: string;
    readonly promise: string;
    readonly alreadyPaid: string;
    readonly dispute: string;
    readonly human: string;
    readonly methods: string;
  };
  readonly help: string;
  readonly verifyIntro: string;
  readonly askDocument: string;
  readonly askBirthDate: string;
  /** Asked when the date of birth came first: now the document. */
  readonly askDocumentAfterDate: string;
  /** Asked of a channel user verified here before, when their verification has lapsed: the date of birth alone. */
  readonly reverifyBirthDate: string;
  /** Said when a verification lapsed after a long pause. */
  readonly verificationExpired: string;
  /** Said before re-asking when the debtor asked for something that needs verification first. */
  readonly verifyFirst: string;
  readonly phoneNotUnderstood: string;
  readonly birthDateNotUnderstood: string;
  readonly documentNotUnderstood: string;
  readonly askPhoneLast4: string;
  readonly verified: (firstName: string) => string;
  readonly verificationFailed: (attemptsLeft: number) => string;
  readonly verificationLocked: (minutes: number) => string;
  readonly usDisclosure: string;
  readonly noAccounts: string;
  readonly balanceHeader: (count: number) => string;
  readonly balanceLine: (product: string, refTail: string, balance: string, status: string) => string;
  readonly accountStatus: {
    readonly current: string;
    readonly pastDue: (days: number) => string;
    readonly onHold: string;
    readonly settled: string;
    readonly closed: string;
  };
  readonly whatNext: string;
  readonly chooseAccount: string;
  readonly noOfferableAccount: string;
  readonly settlementOffer: (pay: string, discount: string, percent: number, byDate: string) => string;
  readonly payInFullNoDiscount: (balance: string) => string;
  readonly discountCapped: (percent: number) => string;
  readonly confirmSettlement: string;
  readonly settlementRecorded: (pay: string, byDate: string) => string;
  readonly howToPay: (methods: readonly string[]) => string;
  /** Offers to pay the agreed amount now: the amount as said to people and the link to pay it (plain text, no button). */
  readonly payNowLink: (amount: string, url: string) => string;
  /**
   * How to pay the same amount by bank transfer: the reference to write on it, and the operator's bank details when
   * configured. `amount` is null when the link line already said it ("Or by bank transfer…").
   */
  readonly payNowTransfer: (amount: string | null, reference: string, bankDetails: string | null) => string;
  /** The name of the QR code of the pay link (the web chat shows it as an image). */
  readonly payNowQrName: string;
  /** Before a way to pay what is next due on an agreement: the account, the date it is due, and whether it is late. */
  readonly nextDueLead: (account: string, date: string, late: boolean) => string;
  readonly planOffer: (summary: string) => string;
  /** The offer when the debtor asked for the lowest payments (hardship): it says it is the lowest the policy allows. */
  readonly planLowestOffer: (summary: string) => string;
  readonly planSummary: (
    downPayment: string | null,
    count: number,
    installment: string,
    firstInstallment: string,
    firstDate: string,
    total: string,
  ) => string;
  readonly planSchedule: (lines: readonly string[]) => string;
  readonly scheduleLine: (label: string, date: string, amount: string) => string;
  readonly downPaymentLabel: string;
  readonly installmentLabel: (sequence: number) => string;
  readonly planAdjusted: {
    readonly count_above_max: (max: number) => string;
    readonly count_below_min: (min: number) => string;
    readonly installment_below_min: (minimum: string) => string;
    readonly monthly_amount_too_low: (minimum: string) => string;
    /** `asked` a month would need more than `maxCount` payments; `lowest` is the smallest payment the plan can have. */
    readonly monthly_amount_too_many_payments: (asked: string, maxCount: number, lowest: string) => string;
    readonly down_payment_below_min: (minimum: string) => string;
    readonly down_payment_too_high: string;
  };
  readonly confirmPlan: string;
  readonly askPlanChange: string;
  readonly planRecorded: (reference: string) => string;
  /** Added to the plan confirmation while the reminder scheduler runs: how many days before each installment we write. */
  readonly planReminders: (daysBefore: number) => string;
  readonly planDeclined: string;
  /** Said when an amount has more decimals than the account's currency (it is never rounded). */
  readonly amountTooPrecise: (decimals: number) => string;
  /** Said when an amount is beyond what the ledger can hold exactly (more minor units than a safe integer). */
  readonly amountTooLarge: string;
  readonly askPromiseAmount: (minimum: string, balance: string) => string;
  readonly askPromiseDate: (latest: string) => string;
  readonly confirmPromise: (amount: string, date: string) => string;
  readonly promiseRecorded: (amount: string, date: string) => string;
  readonly promiseDeclined: string;
  readonly askPaidDate: string;
  readonly askPaidAmount: string;
  /** The claimed payment is already in the ledger (applied): its amount, its date, and the balance now. */
  readonly paymentAlreadyRecorded: (amount: string, date: string, balance: string) => string;
  readonly paidClaimRecorded: string;
  readonly askDisputeCategory: string;
  readonly disputeCategories: {
    readonly not_mine: string;
    readonly amount_wrong: string;
    readonly already_paid: string;
    readonly fraud: string;
    readonly other: string;
  };
  readonly askDisputeText: string;
  readonly disputeRecorded: (reference: string) => string;
  readonly hardship: string;
  readonly hardshipSmallestPlan: string;
  readonly handoffQueued: string;
  /** Added to the handoff message: where the debtor stands in the queue. */
  readonly queueAhead: (ahead: number) => string;
  readonly handoffWaiting: string;
  readonly handoffStillWaiting: (businessHours: string) => string;
  readonly optOutConfirmed: string;
  readonly wrongPerson: string;
  readonly paymentMethods: (methods: readonly string[]) => string;
  readonly goodbye: string;
  readonly notUnderstood: string;
  readonly notUnderstoodAgain: string;
  /** A question asked three times and answered with something else each time is let go (the menu follows). */
  readonly questionDropped: string;
  readonly languageSwitched: string;
  readonly turnError: string;
  readonly refusal: {
    readonly account_on_hold: string;
    readonly account_not_active: string;
    readonly nothing_owed: string;
    readonly currency_not_configured: string;
    readonly below_min_installment: (minimum: string) => string;
    readonly invalid_amount: string;
    readonly invalid_request: string;
    readonly amount_below_min: (minimum: string) => string;
    readonly amount_above_balance: (maximum: string) => string;
    readonly date_in_past: string;
    readonly date_too_far: (latest: string) => string;
    readonly agreement_exists: string;
    readonly offer_changed: string;
  };
  readonly choices: {
    readonly yes: string;
    readonly no: string;
    readonly accept: string;
    readonly change: string;
    readonly decline: string;
    readonly smallerPlan: string;
    readonly human: string;
    readonly menu: string;
  };
  readonly products: Readonly<Record<string, string>>;
  /**
   * Reminders and follow-ups sent on the bot's own initiative (DESIGN §12). They name the lender and the date only:
   * amounts and accounts come once the debtor replies and is verified.
   */
  /** Receipts of payments and reversals: amount, account, balance now; credit left when a payment exceeded what was owed. */
  readonly receipts: {
    readonly paid: (amount: string, account: string, balance: string) => string;
    readonly credit: (credit: string) => string;
    readonly reversed: (amount: string, account: string, balance: string) => string;
  };
  readonly reminders: {
    readonly pre_due: (lender: string, date: string) => string;
    readonly due_today: (lender: string) => string;
    readonly past_due: (lender: string, daysLate: number) => string;
    readonly installment_due: (lender: string, date: string) => string;
    readonly promise_due: (lender: string) => string;
    readonly broken_promise: (lender: string) => string;
    /** Ends every message to a US debtor: the debt-collector disclosure and how to stop these messages (Regulation F). */
    readonly usFooter: string;
    /** Said after verification in web chat when notices came while the debtor was away, before them. */
    readonly pendingNotices: (count: number) => string;
    /** Said after verification when the debtor answers a reminder: what it was about. */
    readonly replyingTo: (account: string, date: string) => string;
  };
}
