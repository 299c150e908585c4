// The standalone executable's entry (Node single executable application). SEA runs a CommonJS
// main script; netreq is one ESM file, carried as the asset `netreq.mjs`. It is written to a
// private temporary folder and imported from there (its banner needs a file URL for
// createRequire), and the folder is removed when the process exits.
'use strict';
if (process.env.NETREQ_LOOKUP_HELPER === '1') {
  // The getaddrinfo helper (src/net/lookup-helper.ts, which starts it and holds the same code):
  // lookups over IPC, so a lookup glibc never ends holds this process, not netreq.
  const dns = require('node:dns');
  process.on('disconnect', () => process.kill(process.pid, 'SIGKILL'));
  process.on('SIGINT', () => undefined);
  process.on('message', (m) => {
    dns.lookup(m.host, { all: true, verbatim: true }, (error, addresses) => {
      if (!process.connected) return;
      process.send(error ? { id: m.id, code: error.code || 'ERR_UNKNOWN' } : { id: m.id, addresses });
    });
  });
} else {
  start();
}

function start() {
  const { getAsset } = require('node:sea');
  const { mkdtempSync, rmSync, writeFileSync } = require('node:fs');
  const { tmpdir } = require('node:os');
  const { join } = require('node:path');
  const { pathToFileURL } = require('node:url');

  // getaddrinfo runs on libuv's thread pool (4 threads by default): one slow resolver would queue every lookup.
  process.env.UV_THREADPOOL_SIZE ??= '64';

  const dir = mkdtempSync(join(tmpdir(), 'netreq-'));
  const cleanup = () => rmSync(dir, { recursive: true, force: true });
  process.on('exit', cleanup);
  const file = join(dir, 'netreq.mjs');
  writeFileSync(file, getAsset('netreq.mjs', 'utf8'), { mode: 0o600 });
  import(pathToFileURL(file).href).catch((error) => {
    process.stderr.write(`netreq: could not start: ${error && error.stack ? error.stack : String(error)}\n`);
    process.exitCode = 70;
  });
}
