import { randomBytes } from 'node:crypto';
import { closeSync, fsyncSync, openSync, renameSync, unlinkSync, writeSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';

export interface AtomicWriteOptions {
  /** Permission bits of the new file; 0600 by default (a bundle describes a site's network). */
  readonly mode?: number;
  /** Checked before the rename: when aborted, the temporary file goes and nothing is written. */
  readonly signal?: AbortSignal;
}

/** Why a file could not be written, with the OS's code (ENOENT, EACCES, EROFS, ENOSPC…). */
export class WriteFileError extends Error {
  readonly code: string;
  constructor(path: string, code: string, detail: string) {
    super(`cannot write ${path}: ${detail}`);
    this.name = 'WriteFileError';
    this.code = code;
  }
}

function errorCode(error: unknown): string {
  return typeof error === 'object' && error !== null && 'code' in error ? String(error.code) : 'EIO';
}

const DETAIL: Readonly<Record<string, string>> = {
  ENOENT: 'the folder does not exist',
  ENOTDIR: 'a part of the path is not a folder',
  EACCES: 'permission denied (the folder is not writable)',
  EPERM: 'permission denied',
  EROFS: 'the file system is read-only',
  ENOSPC: 'no space left on the device',
  EDQUOT: 'the disk quota is exceeded',
  EISDIR: 'the path is a folder',
};

/**
 * Writes the bytes to a temporary file beside `path` (same folder, so the rename is atomic),
 * flushes it, then renames it into place: a reader sees the whole file or none. Synchronous on
 * purpose: a Ctrl-C arrives only after the rename or before the first byte. Throws
 * `WriteFileError` naming the path and the cause; no temporary file is left behind.
 */
export function writeFileAtomic(path: string, bytes: Buffer, options: AtomicWriteOptions = {}): void {
  const temp = join(dirname(path), `.${basename(path)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  let fd: number | undefined;
  let created = false;
  try {
    options.signal?.throwIfAborted();
    fd = openSync(temp, 'wx', options.mode ?? 0o600);
    created = true;
    let written = 0;
    while (written < bytes.length) written += writeSync(fd, bytes, written, bytes.length - written);
    fsyncSync(fd);
    closeSync(fd);
    fd = undefined;
    options.signal?.throwIfAborted();
    renameSync(temp, path);
    created = false;
  } catch (error: unknown) {
    if (fd !== undefined) closeSync(fd);
    if (created) {
      try {
        unlinkSync(temp);
      } catch {
        // Already gone.
      }
    }
    if (options.signal?.aborted === true) throw new WriteFileError(path, 'ABORT_ERR', 'interrupted before the file was complete');
    const code = errorCode(error);
    throw new WriteFileError(path, code, `${DETAIL[code] ?? (error instanceof Error ? error.message : String(error))} (${code})`);
  }
}
