/**
 * Runs the fake Chat as its own process, for scripts: prints `{"origin": "http://127.0.0.1:PORT"}` on its
 * first stdout line, serves until SIGINT or SIGTERM. Messages are readable at `/__fake/messages`.
 * Usage: tsx test/fake-chat/cli.ts [port] [quotaWindowMs]
 */
import { startFakeChat } from './server.js';

const port = Number(process.argv[2] ?? 0);
const quotaWindowMs = process.argv[3] === undefined ? undefined : Number(process.argv[3]);
const fake = await startFakeChat(quotaWindowMs === undefined ? {} : { quotaWindowMs }, port);
process.stdout.write(`${JSON.stringify({ origin: fake.origin })}\n`);
const stop = () => void fake.close().then(() => process.exit(0));
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
