// `npm run debtor:export -- <debtor_id>`: prints one JSON document with everything held about the debtor (DESIGN §11).
import { exportDebtor } from './privacy/export-debtor.js';
import { cliActor, isMainModule, processIo, runDebtorCommand, type CliIo } from './privacy/debtor-cli.js';

const usage = "usage: npm run --silent debtor:export -- <debtor_id>   (the lender's debtor_id, or the pseudonym of an erased debtor)";

/** The command: prints the export on stdout; returns the exit code (1 for an unknown debtor). */
export async function main(argv: readonly string[], io: CliIo = processIo): Promise<number> {
  return runDebtorCommand(argv, io, usage, async (database, debtorId) => {
    const document = await exportDebtor(database, debtorId, cliActor);
    if (!document) {
      io.err(`no debtor with id ${debtorId}`);
      return 1;
    }
    io.out(JSON.stringify(document, null, 2));
    return 0;
  });
}

if (isMainModule(import.meta.url)) main(process.argv.slice(2)).then((code) => process.stdout.write('', () => process.exit(code)));
