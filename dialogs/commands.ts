import type { Intent, Recognition } from '../nlu/types.js';
import { foldReply } from './choices.js';
import { actionableIntent } from './intents.js';
import type { Catalog } from './messages/index.js';

/** What the debtor can say inside any question: show the menu, ask for a person, stop messages, say it is the wrong person, greet (start again). */
export type Command = 'menu' | 'human' | 'opt_out' | 'wrong_person' | 'greet';

/** Words that mean "show me the options / take me back", in either language, when they are the whole message. */
const menuWords =
  /^(?:menu|el menu|ver menu|menu principal|main menu|opciones|ver opciones|las opciones|options|show options|see options|ayuda|help|volver|volver al menu|atras|regresar|inicio|empezar de nuevo|start over|back|go back|cancelar|cancela|cancel|salir|no quiero seguir|quit)$/;

/** Intents that are commands, acted on at the confidence their consequences need (`actionableIntent`). */
const commandIntents: ReadonlySet<Intent> = new Set(['human', 'opt_out', 'wrong_person']);
/** A greeting starts again only when it is clearly just that. */
const greetingScore = 0.9;

/** The command a message gives, whatever question is open; null when it gives none. */
export function commandOf(text: string, recognition: Recognition, messages: Catalog): Command | null {
  const folded = foldReply(text);
  if (folded === foldReply(messages.choices.menu) || menuWords.test(folded)) return 'menu';
  if (folded === foldReply(messages.menu.human)) return 'human';
  const { intent, score } = recognition;
  if (commandIntents.has(intent) && actionableIntent(intent, score) === intent) return intent as Command;
  if (intent === 'greet' && score >= greetingScore) return 'greet';
  if (intent === 'help' && score >= 0.85 && folded.split(' ').length <= 4) return 'menu';
  return null;
}

/** The intent the route acts on for a command. */
export function commandIntent(command: Command): Intent {
  return command === 'menu' ? 'help' : command;
}
