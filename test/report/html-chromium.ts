import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';

/** Debian's chromium, installed by the project's test set-up. */
export const CHROMIUM = '/usr/bin/chromium';
export const HAS_CHROMIUM = existsSync(CHROMIUM);
/** Skip only on a developer machine without chromium; in CI its absence is a failure. */
export const SKIP_CHROMIUM = !HAS_CHROMIUM && process.env['CI'] === undefined;

const run = promisify(execFile);

/**
 * Opens an HTML page in headless Chromium, offline and in a fresh profile, and returns the DOM
 * after scripts would have run. Throws when chromium is missing (in CI the test must fail).
 */
export async function dumpDom(html: string): Promise<string> {
  if (!HAS_CHROMIUM) throw new Error(`${CHROMIUM} is not installed: the page cannot be checked (CI=${process.env['CI'] ?? ''})`);
  const dir = mkdtempSync(join(tmpdir(), 'netreq-chromium-'));
  try {
    const page = join(dir, 'report.html');
    writeFileSync(page, html);
    const args = [
      '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', `--user-data-dir=${join(dir, 'profile')}`, '--virtual-time-budget=3000',
      '--dump-dom', pathToFileURL(page).href,
    ];
    const { stdout } = await run(CHROMIUM, args, { timeout: 60_000, maxBuffer: 32 * 1024 * 1024 });
    return stdout;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The visible text of a dumped DOM, roughly: tags out, entities decoded, spaces collapsed. */
export function textOf(dom: string): string {
  return dom
    .replace(/<style[\s\S]*?<\/style>/gi, ' ')
    .replace(/<[^>]+>/g, ' ')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#x27;|&#39;/g, "'")
    .replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ');
}
