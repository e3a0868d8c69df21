import { ConversationState, type TurnContext } from 'botbuilder-core';

/** Where a turn keeps the state document it loaded (BotState keeps it, with its hash, under a key of its own). */
const loadedKey = Symbol('debt-bot.conversation-state');
type StateDocument = Record<string, unknown> & { eTag?: string };

/**
 * botbuilder's ConversationState without the change hash. BotState hashes the whole document (a stringify with a
 * replacer function, then SHA-256) when a turn loads it and again when the turn saves it, to skip saving a document
 * that did not change; every turn of this bot changes its document (it notes when the last message came), so the
 * hashes only cost (about 30 µs and 6 KB a turn under the web chat bench). Here a document a turn loaded is saved at
 * the end of the turn; one it never loaded is not. Same storage, same keys, same documents as ConversationState.
 */
export class AlwaysSavedConversationState extends ConversationState {
  /** Reads the document once per turn (again with `force`) and keeps it for the turn. */
  override async load(context: TurnContext, force = false): Promise<StateDocument> {
    const loaded = this.get(context);
    if (loaded && !force) return loaded;
    const key = await this.storageKey(context);
    const items = await this.storage.read([key]);
    const state = (items[key] as StateDocument | undefined) ?? {};
    context.turnState.set(loadedKey, state);
    return state;
  }

  /** Writes the turn's document, if the turn loaded one (with `force`, an empty one if it did not). */
  override async saveChanges(context: TurnContext, force = false): Promise<void> {
    let state = this.get(context);
    if (!state && !force) return;
    state ??= {};
    state.eTag = '*';
    const key = await this.storageKey(context);
    await this.storage.write({ [key]: state });
    context.turnState.set(loadedKey, state);
  }

  /** Replaces the turn's document with an empty one (stored by the next saveChanges). */
  override clear(context: TurnContext): Promise<void> {
    context.turnState.set(loadedKey, {});
    return Promise.resolve();
  }

  /** Forgets the turn's document and deletes the stored one. */
  override async delete(context: TurnContext): Promise<void> {
    context.turnState.delete(loadedKey);
    const key = await this.storageKey(context);
    await this.storage.delete([key]);
  }

  /** The document the turn loaded, if any. */
  override get(context: TurnContext): StateDocument | undefined {
    return context.turnState.get(loadedKey) as StateDocument | undefined;
  }
}
