import type { Duplex } from 'node:stream';
import type { ConnectResult, LookupResult, Network } from '../../src/net/index.js';

/**
 * A test's Network that reaches every host through an HTTP proxy's CONNECT, as containerd does
 * with HTTPS_PROXY: names are not resolved here (the proxy resolves them), and a proxy that
 * refuses the tunnel is a failed connect whose code carries its status (`PROXY_403`).
 */
export function viaProxy(base: Network, proxyEndpoint: string): Network {
  const proxy = new URL(proxyEndpoint);
  const connect = async (options: Parameters<Network['connect']>[0]): Promise<ConnectResult> => {
    const started = performance.now();
    const opened = await base.connect({ address: proxy.hostname, port: Number(proxy.port), signal: options.signal, timeoutMs: options.timeoutMs });
    if (!opened.ok) return opened;
    const target = `${options.host ?? options.address}:${options.port}`;
    const status = await connectHead(opened.socket, target, options.timeoutMs);
    const ms = performance.now() - started;
    if (status === 200) return { ok: true, socket: opened.socket, ms };
    opened.socket.destroy();
    return { ok: false, code: `PROXY_${status}`, ms };
  };
  return {
    ...base,
    // The proxy resolves; the client only needs an address to hand back to connect.
    lookup: (host): Promise<LookupResult> => {
      const answer: LookupResult = { ok: true, addresses: [{ address: '192.0.2.1', family: 4 }], ms: 0, via: `proxy for ${host}` };
      return Promise.resolve(answer);
    },
    connect,
    tls: (options) => base.tls(options),
  };
}

/** Sends CONNECT and reads the answer's head; 0 when none came in time. */
function connectHead(socket: Duplex, target: string, timeoutMs: number): Promise<number> {
  return new Promise((resolve) => {
    let head = '';
    const done = (status: number): void => {
      clearTimeout(timer);
      socket.off('data', onData);
      socket.pause();
      resolve(status);
    };
    const onData = (chunk: Buffer): void => {
      head += chunk.toString('latin1');
      if (head.includes('\r\n\r\n')) done(Number(/^HTTP\/1\.[01] (\d{3})/.exec(head)?.[1] ?? 0));
    };
    const timer = setTimeout(() => done(0), timeoutMs);
    socket.on('data', onData);
    socket.write(`CONNECT ${target} HTTP/1.1\r\nHost: ${target}\r\n\r\n`);
  });
}
