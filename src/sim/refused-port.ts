import { createServer } from 'node:net';
import { closeServer, listenLoopback } from './listen.js';

/**
 * A loopback port with nothing listening, so a SYN there is answered with RST (ECONNREFUSED).
 * The kernel picks ephemeral ports at random, so one just released is very unlikely to be taken again soon.
 */
export async function reserveRefusedPort(): Promise<number> {
  const server = createServer();
  const port = await listenLoopback(server);
  await closeServer(server);
  return port;
}
