import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ColdResult, EngineJob, EngineResult } from '../engine-child.js';
import type { FloorResult } from '../floor-child.js';
import { ROOT } from './single-file.js';

const ENGINE_CHILD = fileURLToPath(new URL('../engine-child.ts', import.meta.url));
const FLOOR_CHILD = fileURLToPath(new URL('../floor-child.ts', import.meta.url));

/** Runs bench/engine-child.ts (under tsx) with a job; the site it checks lives in this process. */
export async function runEngineChild(job: EngineJob, tmpDir: string): Promise<EngineResult> {
  return runChild<EngineResult>(ENGINE_CHILD, job, tmpDir);
}

/** One target alone in a fresh engine process, before any other code has run there. */
export async function runColdAlone(job: EngineJob, key: string, tmpDir: string): Promise<number> {
  return (await runChild<ColdResult>(ENGINE_CHILD, { ...job, coldKey: key }, tmpDir)).coldMs;
}

/** The job's exchanges with Node's bare sockets, in a fresh process (bench/floor-child.ts). */
export async function runFloor(job: EngineJob, tmpDir: string): Promise<number> {
  return (await runChild<FloorResult>(FLOOR_CHILD, job, tmpDir)).floorMs;
}

async function runChild<T>(child: string, job: EngineJob, tmpDir: string): Promise<T> {
  const file = join(tmpDir, 'engine-job.json');
  writeFileSync(file, JSON.stringify(job));
  const running = spawn(process.execPath, ['--import', 'tsx', child, file], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  running.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
  running.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
  const code = await new Promise<number | null>((resolve, reject) => {
    running.once('error', reject);
    running.once('exit', resolve);
  });
  const line = stdout.trim().split('\n').pop() ?? '';
  if (code !== 0 || line === '') throw new Error(`${child} failed (exit ${code}): ${stderr.slice(0, 2000)}`);
  return JSON.parse(line) as T;
}
