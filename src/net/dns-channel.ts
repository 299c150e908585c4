import { randomInt } from 'node:crypto';
import dgram from 'node:dgram';
import { errorCode } from './deadline.js';
import type { NameServer } from './types.js';

/** One query waiting on a channel: what to do with a datagram that carries its id, and with a socket error. */
export interface ChannelWaiter {
  readonly onMessage: (message: Buffer) => void;
  readonly onError: (code: string) => void;
}

/**
 * One connected UDP socket to one name server, shared by every query in flight to it: a site's
 * check asks a resolver a hundred questions at once, and a socket for each (create, bind, connect,
 * close) was most of the CPU of that first burst. Datagrams go to the waiter their id names; the
 * waiter still checks the question. The socket closes when the last waiter leaves, and after an
 * error (an ICMP port unreachable comes back as ECONNREFUSED to all of them, as it is true of all).
 */
/** The receive buffer asked for; the kernel grants at most net.core.rmem_max (208 KiB by default). */
const RECEIVE_BUFFER = 4 * 1024 * 1024;
/**
 * Receive-buffer bytes (as getsockopt reports them: twice the data) to keep per answer in flight:
 * a small datagram costs the kernel a kilobyte or two, and a resend may bring a second answer.
 */
const BUFFER_PER_ANSWER = 4096;
const MIN_IN_FLIGHT = 16;

class DnsChannel {
  private readonly socket: dgram.Socket;
  private readonly waiters = new Map<number, ChannelWaiter>();
  /** Ids whose query went out and whose waiter is still here. */
  private readonly inFlight = new Set<number>();
  /** Queries waiting for a slot (or for the connect), in the order they came, each with what to call once sent. */
  private readonly queued = new Map<number, { readonly query: Buffer; readonly onSent?: (() => void) | undefined }>();
  private connected = false;
  private closed = false;
  /** Queries out at once: what the receive buffer the kernel granted holds, set once connected. */
  private maxInFlight = MIN_IN_FLIGHT;

  constructor(
    server: NameServer,
    private readonly retire: (channel: DnsChannel) => void,
  ) {
    // A NameServer's address is an IP literal: a colon means IPv6.
    this.socket = dgram.createSocket({ type: server.address.includes(':') ? 'udp6' : 'udp4', recvBufferSize: RECEIVE_BUFFER });
    this.socket.on('error', (error) => this.fail(errorCode(error)));
    this.socket.on('message', (message: Buffer) => {
      if (message.length < 2) return;
      this.waiters.get(message.readUInt16BE(0))?.onMessage(message);
    });
    // A connected UDP socket reports the ICMP port-unreachable as ECONNREFUSED. dgram hands a
    // failed connect (ENETUNREACH: no route to the server) to this callback and emits nothing.
    this.socket.connect(server.port, server.address, (error?: unknown) => {
      if (this.closed) return;
      if (error !== undefined && error !== null) {
        this.fail(errorCode(error));
        return;
      }
      this.connected = true;
      this.maxInFlight = Math.max(MIN_IN_FLIGHT, Math.floor(this.receiveBuffer() / BUFFER_PER_ANSWER));
      this.pump();
    });
  }

  private receiveBuffer(): number {
    try {
      return this.socket.getRecvBufferSize();
    } catch {
      return 0;
    }
  }

  /**
   * Sends on the connected socket. An error at send (synchronous or reported later) is that
   * query's (ENOBUFS: no room for this datagram), unless it is the server's (ECONNREFUSED, as
   * the socket reports it to every query).
   */
  private transmit(query: Buffer): void {
    if (this.closed) return;
    const failed = (error: unknown): void => {
      const code = errorCode(error);
      if (code === 'ECONNREFUSED') this.fail(code);
      else this.waiters.get(query.readUInt16BE(0))?.onError(code);
    };
    try {
      this.socket.send(query, (error) => {
        if (error) failed(error);
      });
    } catch (error) {
      failed(error);
    }
  }

  /** A free query id on this channel, with its waiter registered; undefined when all 65,536 are in flight. */
  join(waiter: ChannelWaiter): number | undefined {
    if (this.closed || this.waiters.size >= 65_536) return undefined;
    let id = randomInt(0, 65_536);
    while (this.waiters.has(id)) id = (id + 1) % 65_536;
    this.waiters.set(id, waiter);
    return id;
  }

  /**
   * Sends a query (or resends one in flight). At most `maxInFlight` are out at once: the answers
   * to thousands sent together overflow the socket's receive buffer, and each dropped answer
   * would be a false timeout. The rest wait their turn; `onSent` says when a query went out.
   */
  send(query: Buffer, onSent?: () => void): void {
    if (this.closed || query.length < 2) return;
    const id = query.readUInt16BE(0);
    if (this.inFlight.has(id)) {
      if (this.connected) this.transmit(query);
      return;
    }
    if (this.queued.has(id)) return;
    this.queued.set(id, { query, onSent });
    this.pump();
  }

  private pump(): void {
    if (!this.connected) return;
    for (const [id, { query, onSent }] of this.queued) {
      if (this.closed || this.inFlight.size >= this.maxInFlight) return;
      this.queued.delete(id);
      this.inFlight.add(id);
      this.transmit(query);
      onSent?.();
    }
  }

  leave(id: number): void {
    this.waiters.delete(id);
    this.inFlight.delete(id);
    this.queued.delete(id);
    if (this.waiters.size === 0) this.close();
    else this.pump();
  }

  private fail(code: string): void {
    const waiters = [...this.waiters.values()];
    this.waiters.clear();
    this.close();
    for (const waiter of waiters) waiter.onError(code);
  }

  private close(): void {
    if (this.closed) return;
    this.closed = true;
    this.queued.clear();
    this.inFlight.clear();
    this.retire(this);
    this.socket.removeAllListeners('message');
    this.socket.removeAllListeners('error');
    this.socket.on('error', () => undefined);
    try {
      this.socket.close();
    } catch {
      // Already closed after an error: nothing left to release.
    }
  }
}

const open = new Map<string, DnsChannel>();

/**
 * Joins the open channel to `server`, opening one if there is none. Returns the channel and the
 * id the query must carry. Throws as dgram does for an address it cannot use.
 */
export function joinChannel(server: NameServer, waiter: ChannelWaiter): { readonly channel: Pick<DnsChannel, 'send' | 'leave'>; readonly id: number } {
  const key = `${server.address}|${server.port}`;
  let channel = open.get(key);
  let id = channel?.join(waiter);
  if (channel === undefined || id === undefined) {
    const fresh: DnsChannel = new DnsChannel(server, (retired) => {
      if (open.get(key) === retired) open.delete(key);
    });
    open.set(key, fresh);
    channel = fresh;
    id = fresh.join(waiter);
    if (id === undefined) throw new Error('a fresh DNS channel refused its first query');
  }
  return { channel, id };
}

/** How many channels are open: for tests that check nothing is left behind. */
export function openChannelCount(): number {
  return open.size;
}
