import { isAbsolute, resolve } from 'node:path';
import { readImageRef, type ImageRef } from '../../image-ref.js';
import { ConfigFiles, readProblem } from './config-files.js';

// An image list file: one image reference a line, as the vendors' air-gapped guides give them
// (Run:ai's and Azure ML's lists of images to copy into the site's registry). `#` starts a
// comment, blank lines are skipped, a reference may be quoted; each bad line is a problem naming
// FILE:LINE, and the list is bounded.

export interface ImageListLimits {
  readonly maxBytes: number;
  readonly maxImages: number;
}

export const IMAGE_LIST_LIMITS: ImageListLimits = { maxBytes: 1024 * 1024, maxImages: 2000 };

export interface ListedImage {
  readonly ref: ImageRef;
  /** The reference as written. */
  readonly text: string;
  readonly line: number;
}

export interface ImageList {
  readonly images: readonly ListedImage[];
  /** `FILE:LINE: what was wrong and what was expected`, one per bad line. */
  readonly problems: readonly string[];
}

function withoutComment(line: string): string {
  const hash = line.search(/(^|\s)#/);
  return (hash === -1 ? line : line.slice(0, hash)).trim();
}

/** Parses a list's text; `file` names it in problems. Repeated references are kept once (the first line). */
export function parseImageList(text: string, file: string, limits: ImageListLimits = IMAGE_LIST_LIMITS): ImageList {
  if (text.length > limits.maxBytes) return { images: [], problems: [`${file}: ${text.length} characters; netreq reads image lists of at most ${limits.maxBytes}`] };
  const images: ListedImage[] = [];
  const problems: string[] = [];
  const seen = new Set<string>();
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  for (const [index, raw] of lines.entries()) {
    const line = index + 1;
    const body = withoutComment(raw).replace(/^(["'])(.*)\1$/, '$2');
    if (body === '') continue;
    const read = readImageRef(body);
    if ('problem' in read) {
      problems.push(`${file}:${line}: ${read.problem}`);
      continue;
    }
    if (seen.has(body)) continue;
    seen.add(body);
    if (images.length === limits.maxImages) {
      problems.push(`${file}:${line}: more than ${limits.maxImages} images; netreq checks at most ${limits.maxImages} from one list`);
      break;
    }
    images.push({ ref: read.ref, text: body, line });
  }
  if (images.length === 0 && problems.length === 0) problems.push(`${file}: no image references; expected one a line, e.g. registry.k8s.io/pause:3.10`);
  return { images, problems };
}

/** Reads and parses an image list file (`path` relative to `cwd`), bounded; a missing or unreadable file is a problem. */
export function readImageList(path: string, cwd: string = process.cwd(), limits: ImageListLimits = IMAGE_LIST_LIMITS): ImageList {
  const full = isAbsolute(path) ? path : resolve(cwd, path);
  const files = new ConfigFiles('/', { maxFileBytes: limits.maxBytes, maxFolderEntries: 0 });
  const read = files.read(full);
  if (read.kind === 'missing') return { images: [], problems: [`${path}: no such file; expected an image list, one reference a line`] };
  if (read.kind !== 'text') return { images: [], problems: [`${path} ${readProblem(read, files.limits)}`] };
  return parseImageList(read.text, path, limits);
}
