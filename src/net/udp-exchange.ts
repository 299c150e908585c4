import dgram from 'node:dgram';
import { bounded, errorCode, since, ABORTED, TIMED_OUT } from './deadline.js';
import type { SourceAddressOptions, UdpExchangeOptions, UdpExchangeResult } from './types.js';

function socketType(address: string): 'udp4' | 'udp6' {
  return address.includes(':') ? 'udp6' : 'udp4';
}

/**
 * Sends one datagram on a connected UDP socket and waits for the first reply. An ICMP error
 * comes back as the OS's code (ECONNREFUSED for port-unreachable, EHOSTUNREACH...); silence
 * as ETIMEDOUT. The socket is closed on every path.
 */
export function udpExchange(options: UdpExchangeOptions): Promise<UdpExchangeResult> {
  const started = performance.now();
  let localAddress: string | undefined;
  const withLocal = <T extends object>(value: T): T => (localAddress !== undefined ? { ...value, localAddress } : value);
  return bounded<UdpExchangeResult>(
    options,
    {
      timeout: () => withLocal({ ok: false as const, code: TIMED_OUT, ms: since(started) }),
      abort: () => withLocal({ ok: false as const, code: ABORTED, ms: since(started) }),
    },
    (settle) => {
      const s = dgram.createSocket(socketType(options.address));
      s.on('error', (error) => settle(withLocal({ ok: false as const, code: errorCode(error), ms: since(started) })));
      s.on('message', (message) => settle(withLocal({ ok: true as const, reply: message.subarray(0, 512), ms: since(started) })));
      const failed = (error: unknown): void => settle(withLocal({ ok: false as const, code: errorCode(error), ms: since(started) }));
      // dgram hands a failed connect (ENETUNREACH: no route) to this callback only; sending on the
      // unconnected socket then throws.
      s.connect(options.port, options.address, (error?: unknown) => {
        if (error !== undefined && error !== null) {
          failed(error);
          return;
        }
        try {
          localAddress = s.address().address;
        } catch {
          localAddress = undefined;
        }
        try {
          s.send(options.payload, (sendError) => {
            if (sendError) failed(sendError);
          });
        } catch (sendError) {
          failed(sendError);
        }
      });
      return () => {
        try {
          s.close();
        } catch {
          // already closed
        }
      };
    },
  );
}

/**
 * The address this machine would send from to reach `address`: a UDP socket connected to it
 * (no packet leaves) and asked for its own address.
 */
export function sourceAddress(options: SourceAddressOptions): Promise<string | undefined> {
  return new Promise((resolve) => {
    const s = dgram.createSocket(socketType(options.address));
    const done = (value: string | undefined): void => {
      try {
        s.close();
      } catch {
        // already closed
      }
      resolve(value);
    };
    s.on('error', () => done(undefined));
    try {
      s.connect(options.port, options.address, (error?: unknown) => {
        if (error !== undefined && error !== null) {
          done(undefined);
          return;
        }
        try {
          done(s.address().address);
        } catch {
          done(undefined);
        }
      });
    } catch {
      done(undefined);
    }
  });
}
