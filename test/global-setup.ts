// vitest's globalSetup (vitest.config.ts): the builds the tests run, made once for the whole test
// run into one temporary folder, removed at teardown: the single .mjs (what a fleet run copies)
// and the standalone executable made from that same file. Only when a test file of the run uses
// them (its source calls builtSingleFile, builtExecutable or singleFile): a run of unit tests
// builds nothing. Under `npm test`, whose build step has just made dist/netreq.mjs, that file is
// copied rather than built again. Tests reach the builds through test/harness/built.ts.
import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';

const ROOT = join(import.meta.dirname, '..');
const USES_SINGLE_FILE = /\b(builtSingleFile|builtExecutable|singleFile)\(/;
const USES_EXECUTABLE = /\bbuiltExecutable\(/;

export interface NetreqBuild {
  readonly dir: string;
  readonly singleFile: string | null;
  readonly executable: string | null;
  /** Why a build that was wanted is missing: the tests that need it fail with this. */
  readonly error: string | null;
}

declare module 'vitest' {
  export interface ProvidedContext {
    netreqBuild: NetreqBuild;
  }
}

/** Node's single executable needs this platform and postject (a devDependency). */
export function executableSupported(): boolean {
  return process.platform === 'linux' && process.arch === 'x64' && existsSync(join(ROOT, 'node_modules', 'postject'));
}

/** The run's test files, or undefined when vitest does not say (then everything is built). */
function selectedFiles(project: TestProject): string[] | undefined {
  try {
    // vitest's state API is marked experimental: read defensively.
    const paths: unknown = project.vitest.state.getPaths();
    return Array.isArray(paths) && paths.every((p) => typeof p === 'string') ? paths : undefined;
  } catch {
    return undefined;
  }
}

/** What a run of these test files needs built (all of it when the files are not known). */
export function wantedBuilds(files: readonly string[] | undefined): { singleFile: boolean; executable: boolean } {
  const sources = files?.map((file) => {
    try {
      return readFileSync(file, 'utf8');
    } catch {
      return '';
    }
  });
  const uses = (marker: RegExp): boolean => sources === undefined || sources.some((text) => marker.test(text));
  const executable = executableSupported() && uses(USES_EXECUTABLE);
  return { singleFile: executable || uses(USES_SINGLE_FILE), executable };
}

function buildSingleFile(dir: string): string {
  const out = join(dir, 'netreq.mjs');
  const dist = join(ROOT, 'dist', 'netreq.mjs');
  if (process.env['npm_lifecycle_event'] === 'test' && existsSync(dist)) copyFileSync(dist, out);
  else execFileSync(process.execPath, [join(ROOT, 'scripts', 'build.mjs'), '--outfile', out], { cwd: ROOT, stdio: 'pipe', timeout: 240_000 });
  return out;
}

function buildExecutable(dir: string, singleFile: string): string {
  const out = join(dir, 'netreq');
  execFileSync(process.execPath, [join(ROOT, 'scripts', 'build-exe.mjs'), '--outfile', out, '--bundle', singleFile], { cwd: ROOT, stdio: 'pipe', timeout: 300_000 });
  return out;
}

function failure(what: string, error: unknown): string {
  const stderr = (error as { stderr?: Buffer | string }).stderr?.toString().trim();
  return `the test run's ${what} could not be built: ${stderr || (error instanceof Error ? error.message : String(error))}`;
}

export default function setup(project: TestProject): () => void {
  const dir = mkdtempSync(join(tmpdir(), 'netreq-test-build-'));
  const wanted = wantedBuilds(selectedFiles(project));
  let singleFile: string | null = null;
  let executable: string | null = null;
  let error: string | null = null;
  if (wanted.singleFile) {
    try {
      singleFile = buildSingleFile(dir);
    } catch (e: unknown) {
      error = failure('single file', e);
    }
  }
  if (wanted.executable && singleFile !== null) {
    try {
      executable = buildExecutable(dir, singleFile);
    } catch (e: unknown) {
      error = failure('standalone executable', e);
    }
  }
  const build: NetreqBuild = { dir, singleFile, executable, error };
  project.provide('netreqBuild', build);
  return () => rmSync(dir, { recursive: true, force: true });
}
