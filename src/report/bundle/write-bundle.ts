import { basename } from 'node:path';
import type { RedactChain, RedactionRecord } from '../redact.js';
import { writeFileAtomic } from './atomic-write.js';
import { bundleContents, type BundleInput } from './bundle-files.js';
import { tarGz } from './tar-write.js';

export interface WrittenBundle {
  readonly path: string;
  /** The archive's paths, in order (`tar -tzf` lists the same). */
  readonly entries: readonly string[];
  readonly bytes: number;
  readonly records: readonly RedactionRecord[];
}

/** The folder inside the archive: the bundle's own name without `.tar.gz`, so bundles unpack side by side. */
export function bundleFolder(path: string): string {
  const name = basename(path).replace(/\.(tar\.gz|tgz|gz|tar)$/i, '').replace(/[^A-Za-z0-9._-]+/g, '-').replace(/^[.-]+|-+$/g, '');
  return name === '' ? 'netreq-bundle' : name.slice(0, 80);
}

/** The bundle as bytes: a folder, then the files in their fixed order, each 0600, all redacted. */
export async function bundleBytes(folder: string, input: BundleInput, chain: RedactChain): Promise<{ bytes: Buffer; entries: string[]; records: readonly RedactionRecord[] }> {
  const contents = await bundleContents(input, chain);
  const mtime = new Date(input.report.finishedAt);
  const entries = [{ name: `${folder}/` }, ...contents.files.map((f) => ({ name: `${folder}/${f.name}`, content: Buffer.from(f.text, 'utf8') }))];
  return { bytes: tarGz(entries, Number.isNaN(mtime.getTime()) ? new Date() : mtime), entries: entries.map((e) => e.name), records: contents.records };
}

/**
 * Writes the support bundle to `path` atomically (a temporary file in the same folder, then a
 * rename), mode 0600. Throws `WriteFileError` naming the path and the cause; nothing is left behind.
 */
export async function writeBundle(path: string, input: BundleInput, chain: RedactChain, signal?: AbortSignal): Promise<WrittenBundle> {
  const built = await bundleBytes(bundleFolder(path), input, chain);
  writeFileAtomic(path, built.bytes, { mode: 0o600, ...(signal !== undefined ? { signal } : {}) });
  return { path, entries: built.entries, bytes: built.bytes.length, records: built.records };
}
