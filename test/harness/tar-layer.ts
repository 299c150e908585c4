// Image layers `ctr images pull` can unpack: a gzip'd tar holding one file of random (incompressible)
// bytes, and the config's diff_ids the digests of the uncompressed tars, as containerd verifies.
import { randomBytes } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import { OCI_CONFIG, OCI_LAYER, OCI_MANIFEST, pushBlob, pushManifest, sha256, type Descriptor, type PushedImage } from './registry-push.js';

function octal(value: number, width: number): string {
  return `${value.toString(8).padStart(width - 1, '0')}\0`;
}

/** A ustar archive with one regular file. */
export function tarOf(name: string, content: Uint8Array): Buffer {
  const header = Buffer.alloc(512);
  header.write(name, 0, 100, 'utf8');
  header.write(octal(0o644, 8), 100, 'ascii');
  header.write(octal(0, 8), 108, 'ascii');
  header.write(octal(0, 8), 116, 'ascii');
  header.write(octal(content.length, 12), 124, 'ascii');
  header.write(octal(0, 12), 136, 'ascii');
  header.write('        ', 148, 'ascii');
  header.write('0', 156, 'ascii');
  header.write('ustar\0', 257, 'ascii');
  header.write('00', 263, 'ascii');
  const sum = header.reduce((total, byte) => total + byte, 0);
  header.write(`${sum.toString(8).padStart(6, '0')}\0 `, 148, 'ascii');
  const padding = Buffer.alloc((512 - (content.length % 512)) % 512);
  return Buffer.concat([header, content, padding, Buffer.alloc(1024)]);
}

/** An image of real layers (each one file of `size` random bytes), its manifest under `tag` or by digest. */
export async function pushTarImage(registry: string, repository: string, options: { readonly layerSizes: readonly number[]; readonly architecture?: string; readonly tag?: string }): Promise<PushedImage> {
  const layers: Descriptor[] = [];
  const diffIds: string[] = [];
  for (const [i, size] of options.layerSizes.entries()) {
    const tar = tarOf(`layer-${i}.bin`, randomBytes(size));
    diffIds.push(sha256(tar));
    layers.push(await pushBlob(registry, repository, gzipSync(tar), OCI_LAYER));
  }
  const configDoc = { architecture: options.architecture ?? 'amd64', os: 'linux', rootfs: { type: 'layers', diff_ids: diffIds }, config: {} };
  const config = await pushBlob(registry, repository, Buffer.from(JSON.stringify(configDoc)), OCI_CONFIG);
  const manifest = await pushManifest(registry, repository, options.tag, OCI_MANIFEST, { schemaVersion: 2, mediaType: OCI_MANIFEST, config, layers });
  return { manifest, config, layers };
}
