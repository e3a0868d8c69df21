// The load process of the web chat bench: runs one scenario (JSON in argv[2], see LoadScenario) against a server
// in another process and prints its figures as one JSON line (LoadResult).
import { runLoadScenario, type LoadScenario } from './direct-line-load.js';

const scenario = JSON.parse(process.argv[2] ?? '{}') as LoadScenario;
const result = await runLoadScenario(scenario);
process.stdout.write(`${JSON.stringify(result)}\n`);
process.exit(0);
