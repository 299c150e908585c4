// Preloaded with `node --import` into the measured process: on exit it writes the process's peak
// resident set (getrusage's ru_maxrss, in kilobytes) to the file BENCH_RSS_FILE names.
import { writeFileSync } from 'node:fs';
import { isMainThread } from 'node:worker_threads';

const file = process.env.BENCH_RSS_FILE;
if (isMainThread && file) {
  process.on('exit', () => writeFileSync(file, String(process.resourceUsage().maxRSS)));
}
