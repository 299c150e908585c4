import { readFileSync } from 'node:fs';

/**
 * Descriptors per unit of --concurrency: the direct pool and the proxy pool may each have that
 * many targets in flight, and a target may hold two sockets at once (one per address family tried).
 */
const FDS_PER_TARGET = 4;
/** Descriptors Node and netreq hold anyway: stdio, the event loop, DNS channels, the lookup helper, the bundle. */
const RESERVED_FDS = 32;

/** The soft "Max open files" of this process (`ulimit -n`), from /proc/self/limits; undefined when unknown or unlimited. */
export function openFilesLimit(limitsPath = '/proc/self/limits'): number | undefined {
  let text: string;
  try {
    text = readFileSync(limitsPath, 'utf8');
  } catch {
    return undefined;
  }
  const soft = /^Max open files\s+(\d+|unlimited)\s/m.exec(text)?.[1];
  return soft === undefined || soft === 'unlimited' ? undefined : Number(soft);
}

export interface ConcurrencyFit {
  readonly concurrency: number;
  /** Set when the request was lowered: what the machine allows, in words. */
  readonly note?: string;
}

/** The targets at once that `openFiles` descriptors allow, the request when it fits. */
export function fitConcurrency(requested: number, openFiles: number | undefined): ConcurrencyFit {
  if (openFiles === undefined) return { concurrency: requested };
  const allowed = Math.max(1, Math.floor((openFiles - RESERVED_FDS) / FDS_PER_TARGET));
  if (requested <= allowed) return { concurrency: requested };
  return {
    concurrency: allowed,
    note: `${requested} targets at once (--concurrency) is more than this machine's open-file limit allows (ulimit -n ${openFiles}): checking at most ${allowed} at once`,
  };
}
