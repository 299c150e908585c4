import { readdirSync, readFileSync, readlinkSync, statSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Reads the machine's files under a root (`/` on a real machine, a temporary folder in tests).
 * A missing file is simply absent; one that exists but cannot be read is remembered, so support
 * knows what the bundle does not show.
 */
export class RootFiles {
  readonly unreadable: { path: string; code: string }[] = [];

  constructor(readonly root: string = '/') {}

  private at(path: string): string {
    return join(this.root, path);
  }

  private remember(path: string, error: unknown): void {
    const code = typeof error === 'object' && error !== null && 'code' in error ? String(error.code) : 'EIO';
    if (code === 'ENOENT' || code === 'ENOTDIR') return;
    if (!this.unreadable.some((u) => u.path === path)) this.unreadable.push({ path, code });
  }

  /** The file's text, or undefined when it is missing or unreadable. */
  read(path: string): string | undefined {
    try {
      return readFileSync(this.at(path), 'utf8');
    } catch (error: unknown) {
      this.remember(path, error);
      return undefined;
    }
  }

  /** Where a symbolic link points, as written in it; undefined when it is not a link. */
  link(path: string): string | undefined {
    try {
      return readlinkSync(this.at(path));
    } catch {
      return undefined;
    }
  }

  exists(path: string): boolean {
    try {
      statSync(this.at(path));
      return true;
    } catch {
      return false;
    }
  }

  /** Whether the path is a regular file (after symbolic links): a program, not a folder of the same name. */
  isFile(path: string): boolean {
    try {
      return statSync(this.at(path)).isFile();
    } catch {
      return false;
    }
  }

  /** Names in a folder, sorted; empty when the folder is missing or unreadable. */
  list(path: string): string[] {
    try {
      return readdirSync(this.at(path)).sort();
    } catch (error: unknown) {
      this.remember(path, error);
      return [];
    }
  }
}
