import { randomBytes } from 'node:crypto';
import { closeSync, fsyncSync, openSync, renameSync, statSync, unlinkSync, writeSync, type Stats } from 'node:fs';
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

function kindOf(stats: Stats): string {
  if (stats.isDirectory()) return 'a folder';
  if (stats.isCharacterDevice()) return 'a character device';
  if (stats.isBlockDevice()) return 'a block device';
  if (stats.isFIFO()) return 'a FIFO (named pipe)';
  if (stats.isSocket()) return 'a socket';
  return 'not a regular file';
}

/**
 * Throws `WriteFileError` (code ENOTREG) when `path` exists and is not a regular file (through a
 * symlink too): a rename onto `/dev/null` or a FIFO would replace it with a file and break what
 * uses it. A missing path, a regular file, or a symlink to one may be written.
 */
export function checkReplaceable(path: string): void {
  let stats: Stats;
  try {
    stats = statSync(path);
  } catch {
    // Missing (or a dangling symlink): the write creates it, or says why it cannot.
    return;
  }
  if (!stats.isFile()) {
    throw new WriteFileError(path, 'ENOTREG', `it exists and is ${kindOf(stats)}; netreq replaces only a regular file: give a new file name (ENOTREG)`);
  }
}

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
    checkReplaceable(path);
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
    if (error instanceof WriteFileError) throw error;
    if (options.signal?.aborted === true) throw new WriteFileError(path, 'ABORT_ERR', 'interrupted before the file was complete');
    const code = errorCode(error);
    throw new WriteFileError(path, code, `${DETAIL[code] ?? (error instanceof Error ? error.message : String(error))} (${code})`);
  }
}
