import { readFileSync, readdirSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { compareText } from '../compare-text.js';

/**
 * Set by the single-file build: for each data folder, its files by path relative to the project
 * root, as JSON text. A string is scanned at start-up far faster than the same data as object
 * literals, and a folder is parsed only by a command that reads it (a check never reads scenarios).
 */
declare const __NETREQ_DATA_JSON__: Readonly<Record<DataFolder, string>> | undefined;

type Embedded = Readonly<Record<string, { readonly text: string; readonly value: unknown }>>;
const embedded = new Map<DataFolder, Embedded>();

function embeddedFolder(json: string, folder: DataFolder): Embedded {
  let files = embedded.get(folder);
  if (files === undefined) {
    files = JSON.parse(json) as Embedded;
    embedded.set(folder, files);
  }
  return files;
}

export interface DataFile {
  /** Relative to the project root, e.g. `catalog/runai.yaml`. */
  readonly path: string;
  readonly text: string;
  /** The YAML already parsed, when the build did it: loading then skips the parser. */
  readonly value?: unknown;
}

export type DataFolder = 'catalog' | 'scenarios';

const projectRoot = (): string => resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

function walk(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = join(dir, entry.name);
    if (entry.isDirectory()) return walk(full);
    return /\.ya?ml$/.test(entry.name) ? [full] : [];
  });
}

/** The YAML files of a data folder, sorted by path: embedded in the build, read from disk in a checkout. */
export function dataFiles(folder: DataFolder): DataFile[] {
  if (typeof __NETREQ_DATA_JSON__ !== 'undefined') {
    return Object.entries(embeddedFolder(__NETREQ_DATA_JSON__[folder], folder))
      .filter(([path]) => path.startsWith(`${folder}/`))
      .map(([path, file]) => ({ path, text: file.text, value: file.value }))
      .sort((a, b) => compareText(a.path, b.path));
  }
  const root = projectRoot();
  return walk(join(root, folder))
    .map((full) => ({ path: relative(root, full).split('\\').join('/'), text: readFileSync(full, 'utf8') }))
    .sort((a, b) => compareText(a.path, b.path));
}

/** One data file by its project-relative path, or undefined. */
export function dataFile(path: string): DataFile | undefined {
  const folder = path.split('/')[0];
  if (folder !== 'catalog' && folder !== 'scenarios') return undefined;
  return dataFiles(folder).find((file) => file.path === path);
}
