// The test run's builds, made once by test/global-setup.ts: a test asks for the path here. A test
// file the setup did not see needing a build (its source does not call these) still gets one:
// built here, once per test process, into the run's build folder.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { join } from 'node:path';
import { inject } from 'vitest';
import type { NetreqBuild } from '../global-setup.js';

const ROOT = join(import.meta.dirname, '..', '..');
let ownSingleFile: string | undefined;
let ownExecutable: string | undefined;

function build(): NetreqBuild {
  const provided = inject('netreqBuild');
  if (provided.error !== null) throw new Error(provided.error);
  return provided;
}

/** netreq as the single .mjs, built once for the test run. */
export function builtSingleFile(): string {
  const provided = build();
  if (provided.singleFile !== null) return provided.singleFile;
  if (ownSingleFile === undefined || !existsSync(ownSingleFile)) {
    const out = join(mkdtempSync(join(provided.dir, 'late-')), 'netreq.mjs');
    execFileSync(process.execPath, [join(ROOT, 'scripts', 'build.mjs'), '--outfile', out], { cwd: ROOT, stdio: 'pipe', timeout: 240_000 });
    ownSingleFile = out;
  }
  return ownSingleFile;
}

/** netreq as the standalone executable (Linux x64), made from that same single file. */
export function builtExecutable(): string {
  const provided = build();
  if (provided.executable !== null) return provided.executable;
  if (ownExecutable === undefined || !existsSync(ownExecutable)) {
    const out = join(mkdtempSync(join(provided.dir, 'late-')), 'netreq');
    execFileSync(process.execPath, [join(ROOT, 'scripts', 'build-exe.mjs'), '--outfile', out, '--bundle', builtSingleFile()], { cwd: ROOT, stdio: 'pipe', timeout: 300_000 });
    ownExecutable = out;
  }
  return ownExecutable;
}
