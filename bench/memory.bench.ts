// Memory bench (issue 15): the server's resident set and JS heap after full garbage collections, idle and after
// 1,000 / 2,000 / 5,000 web chat conversations held (token, WebSocket stream, six turns each, verified with the
// Chilean demo identity), 20 at a time; `--memory-checkpoints 1000,10000` chooses the counts. The server runs in
// its own process (bench/support/memory-server.ts). Prints one JSON line per figure.
import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { runConversations } from '../test/webchat/support/verified-conversations.js';

interface Memory {
  readonly heapUsedBytes: number;
  readonly rssBytes: number;
}

const { values } = parseArgs({ options: { 'memory-checkpoints': { type: 'string', default: '1000,2000,5000' } }, strict: false });
const checkpoints = String(values['memory-checkpoints'])
  .split(',')
  .map(Number)
  .filter((count) => Number.isInteger(count) && count > 0)
  .sort((a, b) => a - b);
const megabyte = 1024 * 1024;

function report(bench: string, value: number, unit: string, extra: Record<string, unknown> = {}): void {
  console.log(JSON.stringify({ bench, value: Number(value.toFixed(3)), unit, ...extra }));
}

/** The next message of the server process; rejects if it exits first. */
function nextMessage<T>(child: ChildProcess): Promise<T> {
  return new Promise((resolve, reject) => {
    const onExit = (code: number | null) => reject(new Error(`the memory bench server exited (${code ?? 'signal'})`));
    child.once('exit', onExit);
    child.once('message', (message) => {
      child.off('exit', onExit);
      resolve(message as T);
    });
  });
}

const server = fork(fileURLToPath(new URL('./support/memory-server.ts', import.meta.url)), [], { execArgv: ['--import', 'tsx'] });
try {
  const { url } = await nextMessage<{ url: string }>(server);
  const measure = (conversations: number): Promise<Memory> => {
    server.send('measure');
    return nextMessage<Memory>(server).then((memory) => {
      report(`memory.webchat.c${conversations}.rssMb`, memory.rssBytes / megabyte, 'MB', { conversations });
      report(`memory.webchat.c${conversations}.heapUsedMb`, memory.heapUsedBytes / megabyte, 'MB', { conversations });
      return memory;
    });
  };
  await measure(0);
  let held = 0;
  let first: Memory | undefined;
  let last: Memory | undefined;
  for (const checkpoint of checkpoints) {
    await runConversations(url, { count: checkpoint - held, concurrency: 20 });
    held = checkpoint;
    last = await measure(held);
    first ??= last;
  }
  const [firstCount, lastCount] = [checkpoints[0] ?? 0, checkpoints.at(-1) ?? 0];
  if (first && last && lastCount > firstCount)
    report(
      'memory.webchat.heapGrowthPerConversationKb',
      (last.heapUsedBytes - first.heapUsedBytes) / 1024 / (lastCount - firstCount),
      'KB',
      {
        from: firstCount,
        to: lastCount,
      },
    );
  server.send('stop');
  await new Promise((resolve) => server.once('exit', resolve));
} finally {
  if (server.exitCode === null) server.kill();
}
