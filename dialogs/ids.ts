/** Dialog ids, exported so tests and the bot can refer to them. */
export const dialogIds = {
  main: 'main',
  route: 'main.route',
  verify: 'verify',
  payFull: 'pay-full',
  plan: 'plan',
  promise: 'promise',
  alreadyPaid: 'already-paid',
  dispute: 'dispute',
  hardship: 'hardship',
  text: 'text-prompt',
} as const;
