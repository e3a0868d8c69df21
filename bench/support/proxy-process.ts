// The fleet bench's load balancer in its own process: a round-robin proxy (test/support/round-robin-proxy.ts) in front
// of the base URLs given as arguments; prints `{ "url": … }` once listening, and stops on SIGTERM.
import { startRoundRobinProxy } from '../../test/support/round-robin-proxy.js';

const proxy = await startRoundRobinProxy(process.argv.slice(2));
process.stdout.write(`${JSON.stringify({ url: proxy.url })}\n`);
process.once('SIGTERM', () => void proxy.close().then(() => process.exit(0)));
