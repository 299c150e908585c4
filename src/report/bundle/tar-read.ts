import { gunzipSync } from 'node:zlib';

/**
 * Reads the regular files of a tar or tar.gz (ustar, GNU and pax headers understood well enough
 * to find files). A bundle comes from a customer: sizes are bounded and every header checked.
 */

export interface TarFile {
  readonly name: string;
  readonly content: Buffer;
}

export class TarError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TarError';
  }
}

const BLOCK = 512;
/** A support bundle is a few megabytes; anything far larger is not one. */
export const MAX_TAR_BYTES = 256 * 1024 * 1024;

function text(block: Buffer, offset: number, length: number): string {
  const slice = block.subarray(offset, offset + length);
  const end = slice.indexOf(0);
  return slice.subarray(0, end < 0 ? slice.length : end).toString('utf8');
}

function octal(block: Buffer, offset: number, length: number, what: string): number {
  const raw = text(block, offset, length).trim();
  if (raw === '') return 0;
  if (!/^[0-7]+$/.test(raw)) throw new TarError(`not a tar archive: bad ${what} field '${raw.slice(0, 20)}'`);
  return Number.parseInt(raw, 8);
}

function checksumOk(block: Buffer): boolean {
  const stored = octal(block, 148, 8, 'checksum');
  let sum = 0;
  for (let i = 0; i < BLOCK; i += 1) sum += i >= 148 && i < 156 ? 0x20 : (block[i] ?? 0);
  return sum === stored;
}

/** `path=value` records of a pax extended header. */
function paxPath(content: Buffer): string | undefined {
  let rest = content.toString('utf8');
  while (rest.length > 0) {
    const space = rest.indexOf(' ');
    const length = Number.parseInt(rest.slice(0, space), 10);
    if (space < 0 || !Number.isInteger(length) || length <= 0) return undefined;
    const record = rest.slice(space + 1, length - 1);
    if (record.startsWith('path=')) return record.slice(5);
    rest = rest.slice(length);
  }
  return undefined;
}

/** The archive's bytes: gunzipped when gzip's magic number starts it. */
export function untarGz(bytes: Buffer): Buffer {
  if (bytes[0] !== 0x1f || bytes[1] !== 0x8b) return bytes;
  try {
    return gunzipSync(bytes, { maxOutputLength: MAX_TAR_BYTES });
  } catch (error: unknown) {
    const code = typeof error === 'object' && error !== null && 'code' in error ? String(error.code) : '';
    throw new TarError(code === 'ERR_BUFFER_TOO_LARGE' ? `larger than ${MAX_TAR_BYTES} bytes once decompressed` : 'not valid gzip data');
  }
}

/** The regular files of the archive, in archive order. */
export function readTar(input: Buffer): TarFile[] {
  const bytes = untarGz(input);
  if (bytes.length < BLOCK) throw new TarError(`not a tar archive: ${bytes.length} bytes is shorter than one header`);
  const files: TarFile[] = [];
  let offset = 0;
  let longName: string | undefined;
  while (offset + BLOCK <= bytes.length) {
    const block = bytes.subarray(offset, offset + BLOCK);
    if (block.every((b) => b === 0)) break;
    if (!checksumOk(block)) throw new TarError(`not a tar archive: bad header checksum at byte ${offset}`);
    const size = octal(block, 124, 12, 'size');
    const type = text(block, 156, 1);
    const start = offset + BLOCK;
    if (start + size > bytes.length) throw new TarError(`truncated archive: an entry at byte ${offset} runs past the end`);
    const content = bytes.subarray(start, start + size);
    offset = start + Math.ceil(size / BLOCK) * BLOCK;
    if (type === 'L') {
      longName = text(content, 0, content.length);
      continue;
    }
    if (type === 'x') {
      longName = paxPath(content) ?? longName;
      continue;
    }
    const magic = text(block, 257, 6);
    const prefix = magic.startsWith('ustar') ? text(block, 345, 155) : '';
    const name = longName ?? (prefix ? `${prefix}/${text(block, 0, 100)}` : text(block, 0, 100));
    longName = undefined;
    if (type === '0' || type === '' || type === '7') files.push({ name, content: Buffer.from(content) });
  }
  return files;
}
