import type { Server } from 'node:net';

export const LOOPBACK = '127.0.0.1';

/** Listen on 127.0.0.1 (port 0 unless given) and return the port the kernel chose. */
export function listenLoopback(server: Server, options: { port?: number; backlog?: number } = {}): Promise<number> {
  return new Promise((resolve, reject) => {
    const onError = (error: Error): void => reject(error);
    server.once('error', onError);
    server.listen({ host: LOOPBACK, port: options.port ?? 0, ...(options.backlog === undefined ? {} : { backlog: options.backlog }) }, () => {
      server.off('error', onError);
      const address = server.address();
      if (address === null || typeof address === 'string') return reject(new Error('listener has no TCP address'));
      resolve(address.port);
    });
  });
}

/** Close a listener; resolves even when it was never listening. */
export function closeServer(server: Server): Promise<void> {
  return new Promise((resolve) => {
    if (!server.listening) return resolve();
    server.close(() => resolve());
  });
}
