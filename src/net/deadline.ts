import type { Deadline } from './types.js';

/** Why a bounded operation ended: it settled itself, its deadline passed, or its signal aborted. */
export type EndReason = 'done' | 'timeout' | 'abort';

export interface BoundedFallbacks<T> {
  readonly timeout: () => T;
  readonly abort: () => T;
}

/**
 * Runs `start` until it settles, its deadline passes or its signal aborts, whichever comes
 * first. `start` returns a finaliser that is always called once with the reason, so it can
 * release what it holds (destroy the socket unless the reason is `done`).
 */
export function bounded<T>(
  deadline: Deadline,
  fallbacks: BoundedFallbacks<T>,
  start: (settle: (value: T) => void) => (reason: EndReason) => void,
): Promise<T> {
  return new Promise<T>((resolve) => {
    let finished = false;
    let finaliser: ((reason: EndReason) => void) | undefined;
    let pendingReason: EndReason | undefined;
    const end = (reason: EndReason, value: () => T): void => {
      if (finished) return;
      finished = true;
      clearTimeout(timer);
      deadline.signal.removeEventListener('abort', onAbort);
      if (finaliser) finaliser(reason);
      else pendingReason = reason;
      resolve(value());
    };
    const onAbort = (): void => end('abort', fallbacks.abort);
    // setTimeout fires at once for delays past 2^31-1 ms; clamp so a huge deadline means "long", not "now".
    const timer = setTimeout(() => end('timeout', fallbacks.timeout), Math.min(Math.max(0, deadline.timeoutMs), 2_147_483_647));
    if (deadline.signal.aborted) {
      end('abort', fallbacks.abort);
      return;
    }
    deadline.signal.addEventListener('abort', onAbort, { once: true });
    finaliser = start((value) => end('done', () => value));
    if (pendingReason) finaliser(pendingReason);
  });
}

/** Milliseconds elapsed since `start` (a `performance.now()` reading), rounded to 0.1 ms. */
export function since(start: number): number {
  return Math.round((performance.now() - start) * 10) / 10;
}

/** A deadline for what is left of `deadline` after `elapsedMs`, sharing its signal. */
export function remaining(deadline: Deadline, elapsedMs: number): Deadline {
  return { signal: deadline.signal, timeoutMs: Math.max(0, deadline.timeoutMs - elapsedMs) };
}

/** The code Node gives an aborted operation; used for every abort so callers can match one value. */
export const ABORTED = 'ABORT_ERR';
export const TIMED_OUT = 'ETIMEDOUT';

/** The `code` of an error value, or a fallback when it has none. */
export function errorCode(error: unknown, fallback = 'ERR_UNKNOWN'): string {
  if (error && typeof error === 'object' && 'code' in error && typeof error.code === 'string') return error.code;
  return fallback;
}
