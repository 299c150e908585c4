#!/usr/bin/env node
// Launcher only: in a checkout it runs the TypeScript sources, elsewhere the built single file.
import { existsSync } from 'node:fs';

// getaddrinfo runs on libuv's thread pool (4 threads by default): one slow resolver would queue every lookup.
process.env.UV_THREADPOOL_SIZE ??= '64';

const source = new URL('../src/cli/main.ts', import.meta.url);
if (existsSync(source)) {
  const { register } = await import('tsx/esm/api');
  register();
  await import(source.href);
} else {
  await import(new URL('../dist/netreq.mjs', import.meta.url).href);
}
