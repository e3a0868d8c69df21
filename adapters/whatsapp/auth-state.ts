// WhatsApp's login state (creds and signal keys) kept in the ledger database, so a restart does not ask
// for pairing again. Values are JSON with Baileys' BufferJSON, like its own useMultiFileAuthState.
import {
  BufferJSON,
  initAuthCreds,
  proto,
  type AuthenticationCreds,
  type AuthenticationState,
  type SignalDataSet,
  type SignalDataTypeMap,
  type SignalKeyStore,
} from '@whiskeysockets/baileys';
import { clearChannelAuth, readChannelAuth, writeChannelAuth, type LedgerContext } from '../../ledger/index.js';

/** The ledger namespace of WhatsApp's login state. */
export const whatsAppAuthNamespace = 'whatsapp';

const credsKey = 'creds';

/** The database key of one signal key: `<type>:<id>` (never equal to 'creds'). */
function keyName(type: string, id: string): string {
  return `${type}:${id}`;
}

function toJson(value: unknown): string {
  return JSON.stringify(value, BufferJSON.replacer);
}

function fromJson(text: string): unknown {
  return JSON.parse(text, BufferJSON.reviver) as unknown;
}

/** A Baileys auth state backed by the database. */
export interface DatabaseAuthState {
  /** The state to hand to the socket: the current creds and the key store. */
  readonly state: AuthenticationState;
  /** Merges a `creds.update` into the creds and stores them. */
  saveCreds(update?: Partial<AuthenticationCreds>): Promise<void>;
  /** Deletes everything stored and starts over with fresh creds (after WhatsApp logged the device out). */
  clear(): Promise<void>;
}

/**
 * Loads WhatsApp's auth state from the ledger (fresh creds when nothing is stored). Every write goes
 * through one queue, in order, and reads wait for the writes before them, so a key set and then read is
 * never missed and nothing written before `clear()` lands after it.
 */
export async function loadDatabaseAuthState(ledger: LedgerContext, namespace: string = whatsAppAuthNamespace): Promise<DatabaseAuthState> {
  const storedCreds = (await readChannelAuth(ledger, namespace, [credsKey])).get(credsKey);
  let creds = storedCreds === undefined ? initAuthCreds() : (fromJson(storedCreds) as AuthenticationCreds);
  let writes: Promise<unknown> = Promise.resolve();

  const enqueue = (write: () => Promise<unknown>): Promise<void> => {
    const done = writes.then(write);
    writes = done.catch(() => undefined);
    return done.then(() => undefined);
  };

  const keys: SignalKeyStore = {
    async get<T extends keyof SignalDataTypeMap>(type: T, ids: string[]) {
      await writes;
      const stored = await readChannelAuth(
        ledger,
        namespace,
        ids.map((id) => keyName(type, id)),
      );
      const found: { [id: string]: SignalDataTypeMap[T] } = {};
      for (const id of ids) {
        const text = stored.get(keyName(type, id));
        if (text === undefined) continue;
        const value = fromJson(text);
        found[id] = (
          type === 'app-state-sync-key' ? proto.Message.AppStateSyncKeyData.fromObject(value as Record<string, unknown>) : value
        ) as SignalDataTypeMap[T];
      }
      return found;
    },
    set(data: SignalDataSet) {
      const entries = new Map<string, string | null>();
      for (const [type, values] of Object.entries(data)) {
        for (const [id, value] of Object.entries(values ?? {})) entries.set(keyName(type, id), value ? toJson(value) : null);
      }
      return enqueue(() => writeChannelAuth(ledger, namespace, entries));
    },
  };

  const state: AuthenticationState = {
    get creds() {
      return creds;
    },
    keys,
  };

  return {
    state,
    saveCreds(update) {
      if (update) Object.assign(creds, update);
      const text = toJson(creds);
      return enqueue(() => writeChannelAuth(ledger, namespace, new Map([[credsKey, text]])));
    },
    clear() {
      creds = initAuthCreds();
      return enqueue(() => clearChannelAuth(ledger, namespace));
    },
  };
}
