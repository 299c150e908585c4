import { connect, type Socket } from 'node:net';
import { Worker } from 'node:worker_threads';
import { LOOPBACK } from './listen.js';

export interface SilentPort {
  readonly port: number;
  close(): Promise<void>;
}

/*
 * A listener that never accepts, held by a worker thread whose event loop is blocked in Atomics.wait:
 * libuv in that thread never calls accept(), so once the backlog is full Linux drops every further SYN
 * (no SYN-ACK, no RST) and a client's connect hangs until its own deadline, as behind a dropping firewall.
 */
const WORKER = `
const { parentPort, workerData } = require('node:worker_threads');
const net = require('node:net');
const server = net.createServer();
server.on('error', (error) => parentPort.postMessage({ error: String(error) }));
server.listen({ host: workerData.host, port: 0, backlog: 1 }, () => {
  parentPort.postMessage({ port: server.address().port });
  Atomics.wait(new Int32Array(workerData.stop), 0, 0);
  server.close();
});
`;

const FILLER_WAIT_MS = 40;
const MAX_FILLERS = 8;
/**
 * Linux queues backlog + 1 (here 2) connections. On a loaded machine the 'connect' event of one
 * that did complete can come after the wait, so stopping at the first slow one could leave a slot
 * free for the client under test: at least this many are sent whatever their timing.
 */
const MIN_FILLERS = 4;

function tryConnect(port: number): Promise<{ socket: Socket; connected: boolean }> {
  return new Promise((resolve) => {
    const socket = connect({ host: LOOPBACK, port });
    socket.on('error', () => undefined);
    const timer = setTimeout(() => resolve({ socket, connected: false }), FILLER_WAIT_MS);
    socket.once('connect', () => {
      clearTimeout(timer);
      resolve({ socket, connected: true });
    });
  });
}

export async function startSilentPort(): Promise<SilentPort> {
  const stop = new SharedArrayBuffer(4);
  const worker = new Worker(WORKER, { eval: true, workerData: { host: LOOPBACK, stop } });
  // A site someone forgot to close must not keep the process alive through this thread.
  worker.unref();
  const release = (): void => {
    const flag = new Int32Array(stop);
    Atomics.store(flag, 0, 1);
    Atomics.notify(flag, 0);
  };
  const exited = new Promise<void>((resolve) => worker.once('exit', () => resolve()));
  const port = await new Promise<number>((resolve, reject) => {
    worker.once('message', (message: { port?: number; error?: string }) =>
      message.port === undefined ? reject(new Error(message.error ?? 'silent listener failed')) : resolve(message.port),
    );
    worker.once('error', reject);
  });
  // Fill the accept queue: connections complete until it is full, then SYNs are dropped.
  const fillers: Socket[] = [];
  for (let i = 0; i < MAX_FILLERS; i += 1) {
    const { socket, connected } = await tryConnect(port);
    // Kept even when it did not connect in time: on a loaded machine a connect can complete after the
    // wait, and destroying it then would free a slot of the queue for the client under test.
    socket.unref();
    fillers.push(socket);
    if (!connected && fillers.length >= MIN_FILLERS) break;
  }
  let closing: Promise<void> | undefined;
  return {
    port,
    close() {
      closing ??= (async () => {
        // Awaiting the exit of an unref'd thread would let the process end first (exit code 13).
        worker.ref();
        for (const socket of fillers) socket.destroy();
        release();
        await exited;
      })();
      return closing;
    },
  };
}
