// An image a container runtime can unpack, not only fetch: one gzipped tar layer holding one file,
// its config's diff_id the digest of the uncompressed tar (containerd's unpacker checks it).
import { gzipSync } from 'node:zlib';
import { OCI_CONFIG, OCI_LAYER, OCI_MANIFEST, pushBlob, pushManifest, sha256, type PushedImage } from './registry-push.js';

const BLOCK = 512;

function field(header: Buffer, offset: number, length: number, value: string): void {
  header.write(value, offset, Math.min(length, Buffer.byteLength(value)), 'ascii');
}

const octal = (value: number, length: number): string => `${value.toString(8).padStart(length - 1, '0')}\0`;

/** A POSIX ustar archive of one regular file, ended by two zero blocks. */
export function tarOfOneFile(name: string, content: Buffer): Buffer {
  const header = Buffer.alloc(BLOCK);
  field(header, 0, 100, name);
  field(header, 100, 8, octal(0o644, 8));
  field(header, 108, 8, octal(0, 8));
  field(header, 116, 8, octal(0, 8));
  field(header, 124, 12, octal(content.length, 12));
  field(header, 136, 12, octal(0, 12));
  field(header, 148, 8, '        ');
  field(header, 156, 1, '0');
  field(header, 257, 6, 'ustar\0');
  field(header, 263, 2, '00');
  let sum = 0;
  for (const byte of header) sum += byte;
  field(header, 148, 8, `${sum.toString(8).padStart(6, '0')}\0 `);
  const padding = Buffer.alloc((BLOCK - (content.length % BLOCK)) % BLOCK);
  return Buffer.concat([header, content, padding, Buffer.alloc(2 * BLOCK)]);
}

/** Pushes `repository:tag` as a linux/amd64 image of one file naming it, unpackable by containerd. */
export async function pushRunnableImage(registry: string, repository: string, tag: string): Promise<PushedImage> {
  const tar = tarOfOneFile('hello.txt', Buffer.from(`${repository}:${tag}\n`));
  const layer = await pushBlob(registry, repository, gzipSync(tar), OCI_LAYER);
  const configDoc = { architecture: 'amd64', os: 'linux', rootfs: { type: 'layers', diff_ids: [sha256(tar)] }, config: {} };
  const config = await pushBlob(registry, repository, Buffer.from(JSON.stringify(configDoc)), OCI_CONFIG);
  const manifest = await pushManifest(registry, repository, tag, OCI_MANIFEST, { schemaVersion: 2, mediaType: OCI_MANIFEST, config, layers: [layer] });
  return { manifest, config, layers: [layer] };
}
