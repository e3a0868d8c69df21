import { ComponentRegistration, TestAdapter, TurnContext } from 'botbuilder-core';
import { DialogContext } from 'botbuilder-dialogs/lib/dialogContext.js';
import { DialogSet } from 'botbuilder-dialogs/lib/dialogSet.js';
import { describe, expect, it } from 'vitest';

/** A dialog context of a fresh turn, as every turn makes one or more (one per component dialog on the stack). */
function dialogContextOfNewTurn(): DialogContext {
  const context = new TurnContext(new TestAdapter(), {
    type: 'message',
    text: 'hola',
    conversation: { id: 'c', isGroup: false, conversationType: '', name: '' },
  });
  return new DialogContext(new DialogSet(), context, { dialogStack: [] });
}

// botbuilder-dialogs 4.23.3 registered its memory-scope component again for every dialog context (a service collection
// built each time, about 7 KB per turn) and parsed the same dotted paths on every dialog context and ended dialog.
describe('botbuilder-dialogs state manager (patched: patches/botbuilder-dialogs+4.23.3.patch, applied by npm install)', () => {
  it('registers its memory scopes once, not once per dialog context', () => {
    const dialogsRegistration = () =>
      ComponentRegistration.components.find((component) => component.constructor.name === 'DialogsComponentRegistration');
    dialogContextOfNewTurn();
    const first = dialogsRegistration();
    dialogContextOfNewTurn();
    dialogContextOfNewTurn();
    expect(first).toBeDefined();
    expect(dialogsRegistration()).toBe(first);
  });

  it('still reads and writes turn memory by dotted paths, and still parses bracketed ones', () => {
    const dialogContext = dialogContextOfNewTurn();
    expect(dialogContext.state.getValue<{ text: string }>('turn.activity').text).toBe('hola');
    dialogContext.state.setValue('turn.answer.amount', 1500);
    expect(dialogContext.state.getValue('turn.answer.amount')).toBe(1500);
    expect(dialogContextOfNewTurn().state.getValue('turn.answer.amount')).toBeUndefined();
    dialogContext.state.setValue('turn.list', ['a', 'b']);
    expect(dialogContext.state.getValue("turn['list'][1]")).toBe('b');
    const segments = dialogContext.state.parsePath('turn.activity');
    segments.push('mutated');
    expect(dialogContext.state.parsePath('turn.activity')).toEqual(['turn', 'activity']);
  });
});
