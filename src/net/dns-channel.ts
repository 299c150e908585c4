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
class DnsChannel {
  private readonly socket: dgram.Socket;
  private readonly waiters = new Map<number, ChannelWaiter>();
  private readonly unsent: Buffer[] = [];
  private connected = false;
  private closed = false;

  constructor(
    server: NameServer,
    private readonly retire: (channel: DnsChannel) => void,
  ) {
    // A NameServer's address is an IP literal: a colon means IPv6.
    this.socket = dgram.createSocket(server.address.includes(':') ? 'udp6' : 'udp4');
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
      for (const query of this.unsent.splice(0)) this.transmit(query);
    });
  }

  /** Sends on the connected socket; an error at send (synchronous or reported later) fails every waiter. */
  private transmit(query: Buffer): void {
    if (this.closed) return;
    try {
      this.socket.send(query, (error) => {
        if (error) this.fail(errorCode(error));
      });
    } catch (error) {
      this.fail(errorCode(error));
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

  send(query: Buffer): void {
    if (this.closed) return;
    if (this.connected) this.transmit(query);
    else this.unsent.push(query);
  }

  leave(id: number): void {
    this.waiters.delete(id);
    if (this.waiters.size === 0) this.close();
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
    this.unsent.length = 0;
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
