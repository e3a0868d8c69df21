// Lint: enforces the import directions of DESIGN §2 / §10.1 by folder.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const channelLibraries = ['telegraf', 'telegraf/*', '@whiskeysockets/baileys', 'botframework-directlinejs', 'ws'];

/** Outside the ledger, only its index is imported: callers get named operations, never the database (DESIGN §10.1). */
const ledgerInternals = {
  group: ['**/ledger/**', '!**/ledger/index.js'],
  message: 'Import the ledger through ledger/index.js only: callers get named operations (DESIGN §10.1).',
};

/** Builds a no-restricted-imports rule forbidding the given relative folders and packages (and, for callers, the ledger's internals). */
function restrict(folders, packages = [], { ledgerCaller = false } = {}) {
  return [
    'error',
    {
      patterns: [
        ...folders.map((folder) => ({
          group: [`**/${folder}/*`, `**/${folder}`],
          message: `Imports point inward only (DESIGN §2): this folder must not import from ${folder}/.`,
        })),
        ...(packages.length > 0 ? [{ group: packages, message: 'Only adapters/ may import channel libraries (DESIGN §2).' }] : []),
        ...(ledgerCaller ? [ledgerInternals] : []),
      ],
      // The package's index loads every prompt and its recognizers (~16 MB of heap): dialogs/dialog-library.ts imports
      // the parts the bot uses from their own modules, and everything else imports that file.
      paths: [
        { name: 'botbuilder-dialogs', message: 'Import dialogs through dialogs/dialog-library.ts (it keeps the unused prompts unloaded).' },
      ],
    },
  ];
}

/** Only the ledger touches the database: no `.prisma` outside it, and in its services no query outside ledger/store. */
const noPrismaOutsideLedger = [
  'error',
  {
    selector: "MemberExpression[property.name='prisma']",
    message: 'Only the ledger touches the database: use a named ledger operation (DESIGN §10.1).',
  },
];
const noQueriesInServices = [
  'error',
  {
    selector: 'MemberExpression[object.name=/^(tx|prisma)$/]',
    message: 'Queries live in ledger/store: call a named store function (DESIGN §10.1).',
  },
  {
    selector: "MemberExpression[object.type='MemberExpression'][object.property.name='prisma']",
    message: 'Queries live in ledger/store: call a named store function (DESIGN §10.1).',
  },
];

export default tseslint.config(
  { ignores: ['node_modules/**', 'ledger/generated/**', 'data/**', 'dist/**', 'bench/out/**'] },
  js.configs.recommended,
  { files: ['**/*.mjs', 'eslint.config.js'], languageOptions: { globals: { process: 'readonly', console: 'readonly' } } },
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    files: ['ledger/**/*.ts'],
    rules: { 'no-restricted-imports': restrict(['server', 'bot', 'dialogs', 'nlu', 'adapters'], channelLibraries) },
  },
  {
    files: ['nlu/**/*.ts'],
    rules: { 'no-restricted-imports': restrict(['server', 'bot', 'dialogs', 'ledger', 'adapters'], channelLibraries) },
  },
  {
    files: ['dialogs/**/*.ts'],
    rules: { 'no-restricted-imports': restrict(['server', 'bot', 'adapters'], channelLibraries, { ledgerCaller: true }) },
  },
  {
    files: ['bot/**/*.ts'],
    rules: { 'no-restricted-imports': restrict(['server', 'adapters'], channelLibraries, { ledgerCaller: true }) },
  },
  { files: ['adapters/**/*.ts'], rules: { 'no-restricted-imports': restrict(['server'], [], { ledgerCaller: true }) } },
  // lib/ holds dependency-free helpers every folder may use (calendar days, retry delays): it imports no project folder.
  {
    files: ['lib/**/*.ts'],
    rules: { 'no-restricted-imports': restrict(['server', 'bot', 'dialogs', 'nlu', 'ledger', 'adapters'], channelLibraries) },
  },
  // server/ is the shell (configuration, HTTP, metrics, logger, schedulers): only it and the start-up files wire channels to the core.
  { files: ['server/**/*.ts'], rules: { 'no-restricted-imports': restrict([], channelLibraries, { ledgerCaller: true }) } },
  { files: ['app.ts', 'start.ts'], rules: { 'no-restricted-imports': restrict([], [], { ledgerCaller: true }) } },
  // Only the ledger reaches the database (DESIGN §10.1); inside it, only ledger/store queries (tests may inspect rows).
  {
    files: ['adapters/**/*.ts', 'bot/**/*.ts', 'dialogs/**/*.ts', 'server/**/*.ts', 'nlu/**/*.ts', 'app.ts', 'start.ts'],
    ignores: ['**/*.test.ts'],
    rules: { 'no-restricted-syntax': noPrismaOutsideLedger },
  },
  {
    files: ['ledger/service/**/*.ts', 'ledger/privacy/**/*.ts', 'ledger/reports/**/*.ts'],
    ignores: ['**/*.test.ts', '**/*.test-support.ts'],
    rules: { 'no-restricted-syntax': noQueriesInServices },
  },
);
