// `npm run debtor:erase -- <debtor_id>`: anonymises the debtor, keeping money records under a pseudonym (DESIGN §11).
import { eraseDebtor } from './privacy/erase-debtor.js';
import { cliActor, isMainModule, processIo, runDebtorCommand, type CliIo } from './privacy/debtor-cli.js';

const usage = "usage: npm run debtor:erase -- <debtor_id>   (the lender's debtor_id, or the pseudonym of an erased debtor)";

/** The command: erases and prints a summary; returns the exit code (1 for an unknown debtor). */
export async function main(argv: readonly string[], io: CliIo = processIo): Promise<number> {
  return runDebtorCommand(argv, io, usage, async (database, debtorId) => {
    const summary = await eraseDebtor(database, debtorId, cliActor);
    if (!summary) {
      io.err(`no debtor with id ${debtorId} (an erased debtor is known only by its pseudonym, ERASED-…)`);
      return 1;
    }
    if (summary.alreadyErased) {
      io.out(`${debtorId} was already erased (pseudonym ${summary.pseudonym}); nothing changed.`);
      return 0;
    }
    const changed = Object.entries(summary.counts)
      .filter(([, count]) => count > 0)
      .map(([kind, count]) => `${kind} ${count}`);
    io.out(`Erased ${debtorId}: now ${summary.pseudonym}. Money records kept.`);
    io.out(`changed: ${changed.join(', ')}`);
    return 0;
  });
}

if (isMainModule(import.meta.url)) main(process.argv.slice(2)).then((code) => process.stdout.write('', () => process.exit(code)));
