import { median, runNode, runSingleFile, type RunOptions } from './single-file.js';

/** The median wall time of `node dist/netreq.mjs ARGS` (or `node ARGS` with `netreq` false) over `runs` runs after `warmups`, as a process. */
export async function startupMs(args: readonly string[], runs: number, warmups: number, netreq = true, options: RunOptions = {}): Promise<{ medianMs: number; minMs: number; maxMs: number }> {
  const once = (): ReturnType<typeof runSingleFile> => (netreq ? runSingleFile(args, options) : runNode(args, options));
  for (let i = 0; i < warmups; i += 1) await once();
  const walls: number[] = [];
  for (let i = 0; i < runs; i += 1) {
    const run = await once();
    if (run.exitCode !== 0) throw new Error(`netreq ${args.join(' ')} exited ${run.exitCode}: ${run.stderr.slice(0, 500)}`);
    walls.push(run.wallMs);
  }
  return { medianMs: median(walls), minMs: Math.min(...walls), maxMs: Math.max(...walls) };
}
