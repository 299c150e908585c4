// Preloaded with `node --import` into the measured process: on exit it writes the process's peak
// resident set (getrusage's ru_maxrss, in kilobytes) and its CPU time (user + system, in
// microseconds) to the file BENCH_RSS_FILE names, as `maxRSS cpu`.
import { writeFileSync } from 'node:fs';
import { isMainThread } from 'node:worker_threads';

const file = process.env.BENCH_RSS_FILE;
if (isMainThread && file) {
  process.on('exit', () => {
    const usage = process.resourceUsage();
    writeFileSync(file, `${usage.maxRSS} ${usage.userCPUTime + usage.systemCPUTime}`);
  });
}
