import { createHash } from 'node:crypto';
import type { Readable } from 'node:stream';

export interface ReadLimits {
  /** Stop (and succeed) once this many bytes are in: a layer read in part. */
  readonly budget?: number;
  /** More than this many bytes is `too-large`: a manifest or token answer out of bounds. */
  readonly maxBytes: number;
  /** No bytes for this long is a stall. */
  readonly progressMs: number;
  /** Keep the bytes (manifests, tokens), or only count and hash them (layers). */
  readonly keep: boolean;
  readonly signal: AbortSignal;
}

export type ReadEnd = 'complete' | 'budget' | 'too-large' | 'stalled' | 'aborted' | 'error';

export interface BodyRead {
  readonly end: ReadEnd;
  readonly bytes: number;
  readonly data?: Buffer;
  /** `sha256:hex` of what was read, when it was read to its end. */
  readonly digest?: string;
  readonly code?: string;
}

/**
 * Reads a response body under a progress deadline and size bounds: each chunk re-arms the stall
 * timer; the stream is destroyed whenever the read stops before the body's end.
 */
export function readBody(body: Readable, limits: ReadLimits): Promise<BodyRead> {
  return new Promise((resolve) => {
    const hash = createHash('sha256');
    const chunks: Buffer[] = [];
    let bytes = 0;
    let done = false;
    let stall: NodeJS.Timeout | undefined;
    const finish = (end: ReadEnd, code?: string): void => {
      if (done) return;
      done = true;
      clearTimeout(stall);
      limits.signal.removeEventListener('abort', onAbort);
      body.off('data', onData);
      if (end !== 'complete') body.destroy();
      resolve({
        end,
        bytes,
        ...(limits.keep ? { data: Buffer.concat(chunks) } : {}),
        ...(end === 'complete' ? { digest: `sha256:${hash.digest('hex')}` } : {}),
        ...(code ? { code } : {}),
      });
    };
    const arm = (): void => {
      clearTimeout(stall);
      stall = setTimeout(() => finish('stalled', 'ETIMEDOUT'), limits.progressMs);
    };
    const onAbort = (): void => finish('aborted', 'ABORT_ERR');
    const onData = (chunk: Buffer): void => {
      if (limits.budget !== undefined && bytes + chunk.length >= limits.budget) {
        const part = chunk.subarray(0, limits.budget - bytes);
        bytes += part.length;
        if (limits.keep) chunks.push(part);
        finish('budget');
        return;
      }
      bytes += chunk.length;
      if (bytes > limits.maxBytes) {
        finish('too-large');
        return;
      }
      hash.update(chunk);
      if (limits.keep) chunks.push(chunk);
      arm();
    };
    if (limits.signal.aborted) {
      finish('aborted', 'ABORT_ERR');
      return;
    }
    limits.signal.addEventListener('abort', onAbort, { once: true });
    body.on('data', onData);
    body.once('end', () => finish('complete'));
    body.once('error', (error: NodeJS.ErrnoException) => finish(limits.signal.aborted ? 'aborted' : 'error', error.code ?? 'ERR_BODY'));
    arm();
  });
}
