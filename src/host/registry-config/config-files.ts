import { closeSync, fstatSync, openSync, readdirSync, readSync, statSync } from 'node:fs';
import { join } from 'node:path';

/** How much of the machine netreq reads for registry settings: the runtimes' files are small. */
export interface ReadLimits {
  /** Largest file read (config.toml, hosts.toml, registries.conf, daemon.json, a CA bundle). */
  readonly maxFileBytes: number;
  /** Most entries taken from one folder (certs.d, registries.conf.d, conf.d imports). */
  readonly maxFolderEntries: number;
}

export const READ_LIMITS: ReadLimits = { maxFileBytes: 1024 * 1024, maxFolderEntries: 256 };

/** A file's text, or why there is none: `missing` is no problem; `unreadable` and `too-large` are facts to report. */
export type FileRead =
  | { readonly kind: 'text'; readonly text: string }
  | { readonly kind: 'missing' }
  | { readonly kind: 'unreadable'; readonly code: string }
  | { readonly kind: 'too-large'; readonly bytes: number };

function errorCode(error: unknown): string {
  return typeof error === 'object' && error !== null && 'code' in error ? String(error.code) : 'EIO';
}

const ABSENT = new Set(['ENOENT', 'ENOTDIR']);

/**
 * The machine's files under a root (`/`, or NETREQ_SYSTEM_ROOT's folder in tests), read with a
 * bound on size and on folder entries. Paths are the machine's (`/etc/containerd/config.toml`).
 */
export class ConfigFiles {
  constructor(
    readonly root: string = '/',
    readonly limits: ReadLimits = READ_LIMITS,
  ) {}

  private at(path: string): string {
    return join(this.root, path);
  }

  read(path: string): FileRead {
    let fd: number | undefined;
    try {
      fd = openSync(this.at(path), 'r');
      const stat = fstatSync(fd);
      if (stat.isDirectory()) return { kind: 'unreadable', code: 'EISDIR' };
      if (stat.size > this.limits.maxFileBytes) return { kind: 'too-large', bytes: stat.size };
      const buffer = Buffer.alloc(this.limits.maxFileBytes + 1);
      let length = 0;
      for (;;) {
        const n = readSync(fd, buffer, length, buffer.length - length, null);
        if (n === 0) break;
        length += n;
        if (length > this.limits.maxFileBytes) return { kind: 'too-large', bytes: length };
      }
      return { kind: 'text', text: buffer.subarray(0, length).toString('utf8') };
    } catch (error: unknown) {
      const code = errorCode(error);
      return ABSENT.has(code) ? { kind: 'missing' } : { kind: 'unreadable', code };
    } finally {
      if (fd !== undefined) closeSync(fd);
    }
  }

  /** Whether the path exists and is a regular file (after links). */
  isFile(path: string): boolean {
    try {
      return statSync(this.at(path)).isFile();
    } catch {
      return false;
    }
  }

  /** Whether the path exists and is a folder. */
  isFolder(path: string): boolean {
    try {
      return statSync(this.at(path)).isDirectory();
    } catch {
      return false;
    }
  }

  /**
   * A folder's entries, sorted by name, at most `maxFolderEntries` of them (`truncated` says more
   * were there); `problem` when it exists but cannot be listed.
   */
  list(path: string): { names: string[]; truncated: number; problem?: string } {
    try {
      const all = readdirSync(this.at(path), { withFileTypes: true })
        .map((d) => (d.isDirectory() ? `${d.name}/` : d.name))
        .sort();
      const names = all.slice(0, this.limits.maxFolderEntries);
      return { names, truncated: all.length - names.length };
    } catch (error: unknown) {
      const code = errorCode(error);
      return ABSENT.has(code) ? { names: [], truncated: 0 } : { names: [], truncated: 0, problem: code };
    }
  }
}

/** The sentence for a file that could not be read. */
export function readProblem(read: Exclude<FileRead, { kind: 'text' } | { kind: 'missing' }>, limits: ReadLimits): string {
  return read.kind === 'unreadable' ? `cannot be read (${read.code})` : `is ${read.bytes} bytes; netreq reads files of at most ${limits.maxFileBytes} bytes`;
}
