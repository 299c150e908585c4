// The process entry: wires the real process to runCli and owns process.exit.
import { maskUserinfoIn } from '../mask-userinfo.js';
import { runCli } from './index.js';

const controller = new AbortController();
let interrupts = 0;
process.on('SIGINT', () => {
  interrupts += 1;
  if (interrupts > 1) process.exit(130);
  controller.abort(new Error('interrupted'));
});
process.on('SIGTERM', () => controller.abort(new Error('terminated')));
// A reader that went away (`netreq check | head`) is not an error of ours: stop quietly, as cat does.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw error;
  });
}

/** Resolves once everything written to the stream so far has been handed to the operating system. */
function flushed(stream: NodeJS.WriteStream): Promise<void> {
  return new Promise((resolve) => {
    if (stream.destroyed || stream.writableEnded) resolve();
    else stream.write('', () => resolve());
  });
}

let code: number;
try {
  code = await runCli(process.argv.slice(2), {
    stdout: process.stdout,
    stderr: process.stderr,
    stdin: process.stdin,
    env: process.env,
    cwd: process.cwd(),
    signal: controller.signal,
  });
} catch (error: unknown) {
  process.stderr.write(`netreq: internal error: ${maskUserinfoIn(error instanceof Error ? (error.stack ?? error.message) : String(error))}\n`);
  code = 70;
}
// The report is written: exit now. A system lookup that never returns (glibc retrying a truncated
// answer over TCP has no deadline of its own) keeps a resolver thread, and with it the event loop,
// alive long after its step's deadline; nothing it could still say would reach the report.
process.exitCode = code;
await Promise.all([flushed(process.stdout), flushed(process.stderr)]);
process.exit(code);
