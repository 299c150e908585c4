import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ColdResult, EngineJob, EngineResult } from '../engine-child.js';
import { ROOT } from './single-file.js';

const CHILD = fileURLToPath(new URL('../engine-child.ts', import.meta.url));

/** Runs bench/engine-child.ts (under tsx) with a job; the site it checks lives in this process. */
export async function runEngineChild(job: EngineJob, tmpDir: string): Promise<EngineResult> {
  return runChild<EngineResult>(job, tmpDir);
}

/** One target alone in a fresh engine process, before any other code has run there. */
export async function runColdAlone(job: EngineJob, key: string, tmpDir: string): Promise<number> {
  return (await runChild<ColdResult>({ ...job, coldKey: key }, tmpDir)).coldMs;
}

async function runChild<T>(job: EngineJob, tmpDir: string): Promise<T> {
  const file = join(tmpDir, 'engine-job.json');
  writeFileSync(file, JSON.stringify(job));
  const child = spawn(process.execPath, ['--import', 'tsx', CHILD, file], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
  const code = await new Promise<number | null>((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', resolve);
  });
  const line = stdout.trim().split('\n').pop() ?? '';
  if (code !== 0 || line === '') throw new Error(`engine child failed (exit ${code}): ${stderr.slice(0, 2000)}`);
  return JSON.parse(line) as T;
}
