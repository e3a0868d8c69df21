// Lint: enforces the import directions of DESIGN §2 / §10.1 by folder.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const channelLibraries = ['telegraf', 'telegraf/*', '@whiskeysockets/baileys', 'botframework-directlinejs', 'ws'];

/** Builds a no-restricted-imports rule forbidding the given relative folders and packages. */
function restrict(folders, packages = []) {
  return [
    'error',
    {
      patterns: [
        ...folders.map((folder) => ({
          group: [`**/${folder}/*`, `**/${folder}`],
          message: `Imports point inward only (DESIGN §2): this folder must not import from ${folder}/.`,
        })),
        ...(packages.length > 0
          ? [{ group: packages, message: 'Only adapters/ may import channel libraries (DESIGN §2).' }]
          : []),
      ],
    },
  ];
}

export default tseslint.config(
  { ignores: ['node_modules/**', 'ledger/generated/**', 'data/**', 'bench/out/**'] },
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
  { files: ['ledger/**/*.ts'], rules: { 'no-restricted-imports': restrict(['server', 'bot', 'dialogs', 'nlu', 'adapters'], channelLibraries) } },
  { files: ['nlu/**/*.ts'], rules: { 'no-restricted-imports': restrict(['server', 'bot', 'dialogs', 'ledger', 'adapters'], channelLibraries) } },
  { files: ['dialogs/**/*.ts'], rules: { 'no-restricted-imports': restrict(['server', 'bot', 'adapters', 'ledger/generated', 'ledger/db'], channelLibraries) } },
  { files: ['bot/**/*.ts'], rules: { 'no-restricted-imports': restrict(['server', 'adapters', 'ledger/generated'], channelLibraries) } },
  // Only the ledger reaches its generated database client (DESIGN §10.1): callers get named operations.
  { files: ['adapters/**/*.ts'], rules: { 'no-restricted-imports': restrict(['server', 'ledger/generated']) } },
  // lib/ holds dependency-free helpers every folder may use (calendar days, retry delays): it imports no project folder.
  { files: ['lib/**/*.ts'], rules: { 'no-restricted-imports': restrict(['server', 'bot', 'dialogs', 'nlu', 'ledger', 'adapters'], channelLibraries) } },
  // server/ is the shell (configuration, HTTP, metrics, logger, schedulers): only it and the start-up files wire channels to the core.
  { files: ['server/**/*.ts'], rules: { 'no-restricted-imports': restrict(['ledger/generated'], channelLibraries) } },
);
