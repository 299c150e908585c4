import type { Duplex } from 'node:stream';
import { bounded, errorCode, ABORTED, TIMED_OUT } from '../net/index.js';
import type { Deadline } from '../net/index.js';

/** A response as read off the wire: header names lower-cased, in order; the body capped. */
export interface WireResponse {
  readonly httpVersion: string;
  readonly status: number;
  readonly reason: string;
  readonly headers: readonly (readonly [string, string])[];
  readonly body: Buffer;
  /** The body was cut at the cap or the deadline before it ended. */
  readonly bodyTruncated: boolean;
  /** Bytes after the response (a tunnel's first bytes), for the next reader. */
  readonly rest: Buffer;
}

export type WireResult =
  | { readonly ok: true; readonly response: WireResponse }
  /** `closed` (no response before the connection ended), `malformed`, a socket code, ETIMEDOUT or ABORT_ERR. */
  | { readonly ok: false; readonly code: string; readonly received: Buffer };

export interface ReadOptions {
  /** No body follows (HEAD, or a 2xx answer to CONNECT: the tunnel starts right after the head). */
  readonly noBodyFor?: (status: number) => boolean;
  readonly maxHeadBytes?: number;
  readonly maxBodyBytes?: number;
}

const MAX_HEAD = 16 * 1024;
const MAX_BODY = 64 * 1024;

type Head = Omit<WireResponse, 'body' | 'bodyTruncated' | 'rest'> & { readonly headEnd: number };

/** Parses the status line and headers once the blank line has arrived; `malformed` for anything not HTTP/1.x. */
export function parseHead(buffer: Buffer): Head | 'incomplete' | 'malformed' {
  const crlf = buffer.indexOf('\r\n\r\n');
  const lf = buffer.indexOf('\n\n');
  const cut = crlf >= 0 && (lf < 0 || crlf < lf) ? { at: crlf, length: 4 } : lf >= 0 ? { at: lf, length: 2 } : undefined;
  if (!cut) return buffer.length >= 5 && !buffer.subarray(0, 5).toString('latin1').startsWith('HTTP/') ? 'malformed' : 'incomplete';
  const lines = buffer.subarray(0, cut.at).toString('latin1').split(/\r?\n/);
  const status = /^HTTP\/(1\.[01])\s+(\d{3})(?:\s+(.*))?$/.exec(lines[0] ?? '');
  if (!status?.[1] || !status[2]) return 'malformed';
  const headers: (readonly [string, string])[] = [];
  for (const line of lines.slice(1)) {
    const colon = line.indexOf(':');
    if (colon <= 0) continue;
    headers.push([line.slice(0, colon).trim().toLowerCase(), line.slice(colon + 1).trim()]);
  }
  return { httpVersion: status[1], status: Number(status[2]), reason: status[3] ?? '', headers, headEnd: cut.at + cut.length };
}

export function header(headers: readonly (readonly [string, string])[], name: string): string | undefined {
  const values = headers.filter(([n]) => n === name).map(([, v]) => v);
  return values.length > 0 ? values.join(', ') : undefined;
}

/** A chunk-size line longer than this is not HTTP: hex digits and a short extension. */
const MAX_CHUNK_LINE = 1024;

/**
 * Decodes as much chunked body as is there; `done` once the last chunk arrived, or once `cap`
 * bytes of body (a chunk still arriving counted too) or a chunk-size line that never ends make
 * reading on pointless: a chunk that declares gigabytes is cut at the cap like any other body.
 */
export function decodeChunked(buffer: Buffer, cap: number): { body: Buffer; done: boolean; consumed: number; complete: boolean } {
  const parts: Buffer[] = [];
  let offset = 0;
  let size = 0;
  const body = (): Buffer => Buffer.concat(parts, Math.min(size, cap));
  for (;;) {
    const lineEnd = buffer.indexOf('\r\n', offset);
    if (lineEnd < 0) {
      if (buffer.length - offset > MAX_CHUNK_LINE) return { body: body(), done: true, consumed: offset, complete: false };
      break;
    }
    const length = Number.parseInt(buffer.subarray(offset, lineEnd).toString('latin1').split(';')[0] ?? '', 16);
    if (!Number.isFinite(length)) return { body: body(), done: true, consumed: offset, complete: false };
    if (length === 0) return { body: body(), done: true, consumed: lineEnd + 2, complete: size <= cap };
    const start = lineEnd + 2;
    if (buffer.length < start + length + 2) {
      const arrived = buffer.subarray(start, Math.min(buffer.length, start + length));
      parts.push(arrived);
      size += arrived.length;
      return { body: body(), done: size >= cap, consumed: offset, complete: false };
    }
    parts.push(buffer.subarray(start, start + length));
    size += length;
    offset = start + length + 2;
    if (size > cap) return { body: body(), done: true, consumed: offset, complete: false };
  }
  return { body: body(), done: false, consumed: offset, complete: false };
}

function complete(head: Head, data: Buffer, options: ReadOptions, ended: boolean): WireResponse | undefined {
  const after = data.subarray(head.headEnd);
  const cap = options.maxBodyBytes ?? MAX_BODY;
  const base = { httpVersion: head.httpVersion, status: head.status, reason: head.reason, headers: head.headers };
  const noBody = options.noBodyFor?.(head.status) ?? false;
  if (noBody || head.status < 200 || head.status === 204 || head.status === 304) {
    return { ...base, body: Buffer.alloc(0), bodyTruncated: false, rest: after };
  }
  if (header(head.headers, 'transfer-encoding')?.toLowerCase().includes('chunked')) {
    const chunked = decodeChunked(after, cap);
    if (!chunked.done && !ended) return undefined;
    return { ...base, body: chunked.body, bodyTruncated: !chunked.complete, rest: Buffer.alloc(0) };
  }
  const lengthText = header(head.headers, 'content-length');
  const length = lengthText !== undefined && /^\d+$/.test(lengthText) ? Number(lengthText) : undefined;
  if (length !== undefined) {
    const want = Math.min(length, cap);
    if (after.length < want && !ended) return undefined;
    return { ...base, body: after.subarray(0, want), bodyTruncated: after.length < length, rest: after.subarray(want) };
  }
  // No length: the body runs to the end of the connection.
  if (after.length < cap && !ended) return undefined;
  return { ...base, body: after.subarray(0, cap), bodyTruncated: !ended || after.length > cap, rest: Buffer.alloc(0) };
}

/**
 * Reads one HTTP/1.x response from a stream, bounded by the deadline, the head and body caps.
 * When the deadline passes after the head arrived, what came is returned with `bodyTruncated`.
 * The stream is left paused with any bytes after the response unshifted; the caller owns it.
 */
export function readResponse(stream: Duplex, deadline: Deadline, options: ReadOptions = {}): Promise<WireResult> {
  let data = Buffer.alloc(0);
  const partial = (code: string): WireResult => {
    const head = parseHead(data);
    if (typeof head === 'object') {
      const response = complete(head, data, options, true);
      if (response) return { ok: true, response: { ...response, bodyTruncated: true } };
    }
    return { ok: false, code, received: data };
  };
  return bounded<WireResult>(deadline, { timeout: () => partial(TIMED_OUT), abort: () => ({ ok: false, code: ABORTED, received: data }) }, (settle) => {
    const attempt = (ended: boolean): void => {
      const head = parseHead(data);
      if (head === 'malformed') return settle({ ok: false, code: 'malformed', received: data });
      if (head === 'incomplete') {
        if (data.length > (options.maxHeadBytes ?? MAX_HEAD)) return settle({ ok: false, code: 'malformed', received: data });
        if (ended) settle({ ok: false, code: 'closed', received: data });
        return;
      }
      const response = complete(head, data, options, ended);
      if (response) settle({ ok: true, response });
    };
    // Whatever the framing (tiny chunks, a length never reached), no more than this is ever held.
    const wireCap = (options.maxHeadBytes ?? MAX_HEAD) + 4 * (options.maxBodyBytes ?? MAX_BODY) + 64 * 1024;
    const onData = (chunk: Buffer): void => {
      data = Buffer.concat([data, chunk]);
      if (data.length > wireCap) return settle(partial('EMSGSIZE'));
      attempt(false);
    };
    const onEnd = (): void => attempt(true);
    const onError = (error: Error): void => {
      const result = partial(errorCode(error));
      settle(result.ok ? result : { ok: false, code: errorCode(error), received: data });
    };
    stream.on('data', onData);
    stream.once('end', onEnd);
    stream.once('close', onEnd);
    stream.once('error', onError);
    if (stream.readableEnded || stream.destroyed) attempt(true);
    return () => {
      stream.removeListener('data', onData);
      stream.removeListener('end', onEnd);
      stream.removeListener('close', onEnd);
      stream.removeListener('error', onError);
      stream.pause();
    };
  });
}

/** Puts bytes read past a response back on the stream for the next reader (a tunnel's TLS). */
export function giveBack(stream: Duplex, rest: Buffer): void {
  if (rest.length > 0) stream.unshift(rest);
}

/** The probe's outcome word for a failed exchange's error code. */
export function outcomeFor(code: string): string {
  if (code === 'ETIMEDOUT') return 'timeout';
  if (code === 'ABORT_ERR') return 'aborted';
  if (code === 'ECONNRESET' || code === 'EPIPE') return 'reset';
  if (code === 'closed' || code === 'malformed') return code;
  return 'error';
}
