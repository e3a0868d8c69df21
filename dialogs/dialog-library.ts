// The parts of botbuilder-dialogs the bot uses, imported from their own modules. The package's index also loads every
// prompt and its Microsoft Recognizers (date-time, choice, number-with-unit: about 16 MB of heap the bot never uses), so
// the project imports botbuilder-dialogs through this file only (lint-enforced). The version is pinned in package.json.
export { ComponentDialog } from 'botbuilder-dialogs/lib/componentDialog.js';
export { DialogTurnStatus, type DialogTurnResult } from 'botbuilder-dialogs/lib/dialog.js';
export { type DialogContext, type DialogState } from 'botbuilder-dialogs/lib/dialogContext.js';
export { DialogSet } from 'botbuilder-dialogs/lib/dialogSet.js';
export { TextPrompt } from 'botbuilder-dialogs/lib/prompts/textPrompt.js';
export { WaterfallDialog, type WaterfallStep } from 'botbuilder-dialogs/lib/waterfallDialog.js';
export { type WaterfallStepContext } from 'botbuilder-dialogs/lib/waterfallStepContext.js';
