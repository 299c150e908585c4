import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const SRC = join(REPO, 'src');

/** The .ts/.tsx files under `path`, or `path` itself when it is a file. */
function sourceFiles(path: string): string[] {
  if (!statSync(path).isDirectory()) return [path];
  const dir = path;
  return readdirSync(dir).flatMap((name) => {
    const full = join(dir, name);
    if (statSync(full).isDirectory()) return sourceFiles(full);
    return /\.tsx?$/.test(name) ? [full] : [];
  });
}

// Static imports and re-exports (`from '...'`, type-only too) and dynamic `import('...')`.
const SPECIFIER = /\bfrom\s+'([^']+)'|\bimport\s*\(\s*'([^']+)'\s*\)|^\s*import\s+'([^']+)'/gm;

/** The files under src/ that `file` imports, as paths relative to src/ (`catalog/schema.ts`). */
export function importsOf(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  const out: string[] = [];
  for (const match of text.matchAll(SPECIFIER)) {
    const spec = match[1] ?? match[2] ?? match[3] ?? '';
    if (!spec.startsWith('.')) continue;
    const target = resolve(dirname(file), spec).replace(/\.js$/, '');
    const real = [`${target}.ts`, `${target}.tsx`, join(target, 'index.ts')].find((path) => {
      try {
        return statSync(path).isFile();
      } catch {
        return false;
      }
    });
    out.push(relative(SRC, real ?? target));
  }
  return out;
}

/** Every import from `src/<from>` (a file, or the files under a folder) to a file matching `to`, as `file -> imported`. */
export function importsBetween(from: string, to: (imported: string) => boolean): string[] {
  return sourceFiles(join(SRC, from)).flatMap((file) =>
    importsOf(file).filter(to).map((imported) => `${relative(SRC, file)} -> ${imported}`));
}

export const inFolder = (folder: string) => (imported: string): boolean => imported.startsWith(`${folder}/`);

/** Every source file under src/, as a path relative to src/. */
export function allSourceFiles(): string[] {
  return sourceFiles(SRC).map((file) => relative(SRC, file));
}

/** The folder of a path relative to src/ (`report/html/x.ts` -> `report`); undefined for a top-level file. */
export function folderOf(path: string): string | undefined {
  const parts = path.split('/');
  return parts.length > 1 ? parts[0] : undefined;
}

/** Folder -> the folders its files import (type-only imports too). */
export function folderGraph(): Map<string, Set<string>> {
  const graph = new Map<string, Set<string>>();
  for (const file of allSourceFiles()) {
    const from = folderOf(file);
    if (from === undefined) continue;
    const edges = graph.get(from) ?? new Set<string>();
    graph.set(from, edges);
    for (const imported of importsOf(join(SRC, file))) {
      const to = folderOf(imported);
      if (to !== undefined && to !== from) edges.add(to);
    }
  }
  return graph;
}

/** The import cycles between folders, each as `a -> b -> ... -> a`. */
export function folderCycles(graph: ReadonlyMap<string, ReadonlySet<string>>): string[] {
  const cycles = new Set<string>();
  const walk = (start: string, at: string, path: string[]): void => {
    for (const next of graph.get(at) ?? []) {
      if (next === start) cycles.add([...path, start].join(' -> '));
      else if (!path.includes(next) && next > start) walk(start, next, [...path, next]);
    }
  };
  for (const folder of [...graph.keys()].sort()) walk(folder, folder, [folder]);
  return [...cycles];
}

/** Lines in a source file under src/. */
export function lineCount(path: string): number {
  return readFileSync(join(SRC, path), 'utf8').split('\n').length;
}
