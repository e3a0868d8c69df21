import { readFile } from 'node:fs/promises';

/**
 * Reads the JSON document of a settings file named by an environment variable (`POLICY_FILE`, `CONTACT_RULES_FILE`);
 * a file that cannot be read or is not JSON becomes `fail(message)`, the message naming the variable and the path.
 */
export async function readJsonSettingsFile(variable: string, path: string, fail: (message: string) => Error): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw fail(`${variable} ${path}: cannot be read (${(error as NodeJS.ErrnoException).code ?? 'error'})`);
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw fail(`${variable} ${path}: not valid JSON (${(error as Error).message})`);
  }
}
