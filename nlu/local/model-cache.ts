import { createHash } from 'node:crypto';
import { mkdir, readFile, readdir, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { NluLogger } from '../types.js';
import type { TrainingDocument } from './intent-model.js';
import { loadNlpjsModel, trainNlpjsModel } from './nlpjs-model.js';
import type { NlpjsModel } from './nlpjs-model.js';

const FILE_PREFIX = 'intent-model-';

/**
 * Loads the trained nlp.js model from `cacheDir` when one trained on exactly these documents is there, otherwise trains
 * and saves it (atomically, removing older models). With `cacheDir` null it always trains in memory. A cache that
 * cannot be read or written is logged and ignored.
 */
export async function loadOrTrain(documents: readonly TrainingDocument[], cacheDir: string | null, logger: NluLogger): Promise<NlpjsModel> {
  if (cacheDir === null) return trainNlpjsModel(documents);
  const fileName = `${FILE_PREFIX}${fingerprint(documents)}.json`;
  const path = join(cacheDir, fileName);
  try {
    return loadNlpjsModel(await readFile(path, 'utf8'));
  } catch (error) {
    if (!isMissingFile(error)) logger.warn({ err: error, path }, 'nlu model cache unreadable, retraining');
  }
  const model = await trainNlpjsModel(documents);
  try {
    await mkdir(cacheDir, { recursive: true });
    const temporary = `${path}.${process.pid}.tmp`;
    await writeFile(temporary, model.toJson(), 'utf8');
    await rename(temporary, path);
    await removeStale(cacheDir, fileName);
  } catch (error) {
    logger.warn({ err: error, path }, 'nlu model cache not written');
  }
  return model;
}

/** A hash of the normalized training documents: any change to the corpus or the normalizer retrains. */
function fingerprint(documents: readonly TrainingDocument[]): string {
  const hash = createHash('sha256');
  for (const { language, intent, text } of documents) hash.update(`${language}\t${intent}\t${text}\n`);
  return hash.digest('hex').slice(0, 16);
}

async function removeStale(cacheDir: string, keep: string): Promise<void> {
  for (const name of await readdir(cacheDir)) {
    if (name.startsWith(FILE_PREFIX) && name.endsWith('.json') && name !== keep) await rm(join(cacheDir, name), { force: true });
  }
}

function isMissingFile(error: unknown): boolean {
  return error instanceof Error && 'code' in error && error.code === 'ENOENT';
}
