import dgram from 'node:dgram';
import net from 'node:net';
import { errorCode } from './deadline.js';
import { echoReply, greetingLine, MAX_MESSAGE_BYTES, parseEchoRequest } from './listener-protocol.js';

export interface ListenPort {
  readonly port: number;
  readonly transport: 'tcp' | 'udp';
}

/** A port the listener holds; `port` is the real one (a request for port 0 gets one from the OS). */
export interface OpenedPort extends ListenPort {
  readonly requested: number;
  readonly address: string;
}

/** A port it could not open: `EADDRINUSE` (another service has it), `EACCES` (privileged), ... */
export interface FailedPort extends ListenPort {
  readonly code: string;
}

/** Someone reached the listener; reported once per address, port and transport. */
export interface ListenerContact {
  readonly address: string;
  readonly port: number;
  readonly transport: 'tcp' | 'udp';
}

export interface ListenerOptions {
  readonly token: string;
  /** Default: every address of the machine (`::` dual-stack, or 0.0.0.0 without IPv6). */
  readonly host?: string;
  readonly onContact?: (contact: ListenerContact) => void;
}

export interface Listener {
  readonly opened: readonly OpenedPort[];
  readonly failed: readonly FailedPort[];
  close(): Promise<void>;
}

/**
 * A peer gets its greeting at once and reads it in milliseconds: a connection is cut this long
 * after it opened, whatever it sends (an idle timer would let a trickle of bytes keep it).
 */
const HANDSHAKE_MS = 2_000;
/**
 * Connections a port keeps at once. When a new one comes, the oldest is closed instead of the
 * new one refused: a scanner holding hundreds of idle connections must not make the listener
 * look like another service to the next real peer.
 */
export const MAX_IDLE_PER_PORT = 64;

/** Each accepted socket, oldest first, closed at its deadline or when a newer one needs the room. */
function boundConnections(limit: number, deadlineMs: number): (socket: net.Socket) => void {
  const live = new Set<net.Socket>();
  return (socket) => {
    if (live.size >= limit) {
      const oldest = live.values().next().value;
      if (oldest !== undefined) {
        live.delete(oldest);
        oldest.destroy();
      }
    }
    live.add(socket);
    const timer = setTimeout(() => socket.destroy(), deadlineMs);
    timer.unref();
    socket.once('close', () => {
      clearTimeout(timer);
      live.delete(socket);
    });
  };
}

function contactOnce(options: ListenerOptions): (contact: ListenerContact) => void {
  const seen = new Set<string>();
  return (contact) => {
    const key = `${contact.address} ${contact.port}/${contact.transport}`;
    if (seen.has(key) || seen.size > 10_000) return;
    seen.add(key);
    options.onContact?.(contact);
  };
}

function openTcp(host: string, requested: number, options: ListenerOptions, contact: (c: ListenerContact) => void): Promise<net.Server> {
  return new Promise((resolve, reject) => {
    const admit = boundConnections(MAX_IDLE_PER_PORT, HANDSHAKE_MS);
    const server = net.createServer((socket) => {
      const port = server.address() !== null && typeof server.address() === 'object' ? (server.address() as net.AddressInfo).port : requested;
      contact({ address: socket.remoteAddress ?? 'unknown', port, transport: 'tcp' });
      socket.on('error', () => undefined);
      // Nothing a peer sends is read or kept.
      socket.on('data', () => undefined);
      admit(socket);
      socket.end(greetingLine(options.token, port));
    });
    server.once('error', reject);
    server.listen({ host, port: requested, ipv6Only: false, exclusive: true }, () => {
      server.removeListener('error', reject);
      server.on('error', () => undefined);
      resolve(server);
    });
  });
}

function openUdp(host: string, requested: number, options: ListenerOptions, contact: (c: ListenerContact) => void): Promise<dgram.Socket> {
  return new Promise((resolve, reject) => {
    const socket = dgram.createSocket({ type: host.includes(':') ? 'udp6' : 'udp4', ipv6Only: false });
    socket.on('message', (message, remote) => {
      if (message.length > MAX_MESSAGE_BYTES) return;
      const nonce = parseEchoRequest(message.toString('latin1'));
      if (nonce === undefined) return;
      const port = socket.address().port;
      const reply = Buffer.from(echoReply(nonce, options.token, port), 'latin1');
      // Never answer with more than was sent: no amplification.
      if (reply.length > message.length) return;
      contact({ address: remote.address, port, transport: 'udp' });
      socket.send(reply, remote.port, remote.address);
    });
    socket.once('error', reject);
    socket.bind({ address: host, port: requested, exclusive: true }, () => {
      socket.removeListener('error', reject);
      socket.on('error', () => undefined);
      resolve(socket);
    });
  });
}

type Handle = { readonly close: () => Promise<void> };

async function openOne(host: string, want: ListenPort, options: ListenerOptions, contact: (c: ListenerContact) => void): Promise<{ handle: Handle; port: number }> {
  if (want.transport === 'tcp') {
    const server = await openTcp(host, want.port, options, contact);
    const port = (server.address() as net.AddressInfo).port;
    return { port, handle: { close: () => new Promise<void>((done) => server.close(() => done())) } };
  }
  const socket = await openUdp(host, want.port, options, contact);
  return { port: socket.address().port, handle: { close: () => new Promise<void>((done) => socket.close(() => done())) } };
}

/** `::` when the machine has IPv6, else 0.0.0.0. */
async function defaultHost(): Promise<string> {
  try {
    const probe = await openTcp('::', 0, { token: 'probe' }, () => undefined);
    await new Promise<void>((done) => probe.close(() => done()));
    return '::';
  } catch {
    return '0.0.0.0';
  }
}

/**
 * Opens every port it can: each TCP peer gets the greeting and the connection is closed, each
 * well-formed UDP echo request gets its reply. A port it cannot open is reported with the OS's
 * code, never thrown. Nothing a peer sends is kept.
 */
export async function openListener(ports: readonly ListenPort[], options: ListenerOptions): Promise<Listener> {
  const host = options.host ?? (await defaultHost());
  const contact = contactOnce(options);
  const opened: OpenedPort[] = [];
  const failed: FailedPort[] = [];
  const handles: Handle[] = [];
  for (const want of ports) {
    try {
      const { handle, port } = await openOne(host, want, options, contact);
      handles.push(handle);
      opened.push({ port, requested: want.port, transport: want.transport, address: host });
    } catch (error: unknown) {
      failed.push({ port: want.port, transport: want.transport, code: errorCode(error) });
    }
  }
  return {
    opened,
    failed,
    close: async () => {
      await Promise.all(handles.map((h) => h.close()));
    },
  };
}
