import { gzipSync } from 'node:zlib';

/**
 * A minimal ustar writer: regular files and directories, which plain `tar` (GNU, bsdtar, busybox)
 * reads. No dependency: the format is 512-byte headers, content padded to 512, two zero blocks.
 */

export interface TarEntry {
  /** Path inside the archive, `/`-separated; a directory ends with `/`. */
  readonly name: string;
  /** Absent for a directory. */
  readonly content?: Buffer;
  /** Permission bits; 0600 for files and 0700 for directories by default. */
  readonly mode?: number;
}

const BLOCK = 512;

function writeString(header: Buffer, offset: number, length: number, value: string): void {
  const bytes = Buffer.from(value, 'utf8');
  if (bytes.length > length) throw new Error(`tar: '${value}' does not fit in ${length} bytes`);
  bytes.copy(header, offset);
}

/** An octal number field: zero-padded digits and a NUL. */
function writeOctal(header: Buffer, offset: number, length: number, value: number): void {
  const digits = Math.floor(value).toString(8);
  if (digits.length > length - 1) throw new Error(`tar: ${value} does not fit in a ${length}-byte field`);
  writeString(header, offset, length, `${digits.padStart(length - 1, '0')}\0`);
}

/** ustar splits a long path into a prefix (up to 155 bytes) and a name (up to 100) at a slash. */
function splitPath(path: string): { prefix: string; name: string } {
  if (Buffer.byteLength(path) <= 100) return { prefix: '', name: path };
  for (let i = path.length - 1; i > 0; i -= 1) {
    if (path[i] !== '/') continue;
    const prefix = path.slice(0, i);
    const name = path.slice(i + 1);
    if (Buffer.byteLength(prefix) <= 155 && Buffer.byteLength(name) <= 100 && name !== '') return { prefix, name };
  }
  throw new Error(`tar: the path '${path}' is too long for ustar`);
}

function header(entry: TarEntry, mtime: Date): Buffer {
  const isDir = entry.content === undefined;
  const { prefix, name } = splitPath(entry.name);
  const h = Buffer.alloc(BLOCK, 0);
  writeString(h, 0, 100, name);
  writeOctal(h, 100, 8, entry.mode ?? (isDir ? 0o700 : 0o600));
  writeOctal(h, 108, 8, 0); // uid
  writeOctal(h, 116, 8, 0); // gid
  writeOctal(h, 124, 12, entry.content?.length ?? 0);
  writeOctal(h, 136, 12, Math.max(0, Math.floor(mtime.getTime() / 1000)));
  h.fill(0x20, 148, 156); // the checksum is computed with its own field as spaces
  writeString(h, 156, 1, isDir ? '5' : '0');
  writeString(h, 257, 6, 'ustar\0');
  writeString(h, 263, 2, '00');
  writeString(h, 345, 155, prefix);
  let sum = 0;
  for (const byte of h) sum += byte;
  writeString(h, 148, 8, `${sum.toString(8).padStart(6, '0')}\0 `);
  return h;
}

/** The uncompressed archive, entries in the order given. */
export function tarBytes(entries: readonly TarEntry[], mtime: Date): Buffer {
  const parts: Buffer[] = [];
  for (const entry of entries) {
    if (entry.name === '' || entry.name.startsWith('/') || entry.name.split('/').includes('..')) {
      throw new Error(`tar: refusing the path '${entry.name}'`);
    }
    parts.push(header(entry, mtime));
    if (entry.content !== undefined) {
      parts.push(entry.content);
      const pad = (BLOCK - (entry.content.length % BLOCK)) % BLOCK;
      if (pad > 0) parts.push(Buffer.alloc(pad, 0));
    }
  }
  parts.push(Buffer.alloc(BLOCK * 2, 0));
  return Buffer.concat(parts);
}

/** A `.tar.gz`: the archive, gzip-compressed. */
export function tarGz(entries: readonly TarEntry[], mtime: Date): Buffer {
  return gzipSync(tarBytes(entries, mtime), { level: 9 });
}
