/** The built-in policy used when `POLICY_FILE` is unset (DESIGN §3), in the file's own format. */
export const defaultPolicyDocument = {
  verification: { maxAttempts: 3, lockoutMinutes: 30 },
  installments: {
    minCount: 2,
    maxCount: 12,
    minDownPaymentPercent: 10,
    frequency: 'monthly',
    minInstallment: { CLP: '10000', COP: '20000', PEN: '30.00', MXN: '200.00', USD: '25.00' },
  },
  settlement: {
    payWithinDays: 7,
    discountByDaysPastDue: [
      { from: 0, maxPercent: 0 },
      { from: 90, maxPercent: 15 },
      { from: 180, maxPercent: 30 },
    ],
  },
  promise: { maxDaysAhead: 15, minPercentOfBalance: 10 },
  outbound: {
    sendAt: '10:00',
    cadence: {
      pre_due: { daysBefore: [3] },
      due_today: { enabled: true },
      past_due: { daysAfter: [1, 7, 15, 30] },
      installment_due: { daysBefore: [2] },
      promise_due: { enabled: true },
      broken_promise: { daysAfter: [1] },
    },
  },
} as const;
