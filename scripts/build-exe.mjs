// Builds dist/netreq: a Linux x64 executable that needs no Node.js on the machine (a Node
// single executable application: this Node binary with dist/netreq.mjs injected by postject).
//   node scripts/build-exe.mjs [--outfile FILE] [--bundle NETREQ.mjs]
// --bundle: inject this single file instead of building one (the tests' global setup builds it once).
import { execFileSync } from 'node:child_process';
import { chmodSync, copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const option = (name) => {
  const at = process.argv.indexOf(name);
  return at >= 0 ? process.argv[at + 1] : undefined;
};
const output = option('--outfile') ?? join(root, 'dist', 'netreq');
const givenBundle = option('--bundle');
const FUSE = 'NODE_SEA_FUSE_fce680ab2cc467b6e072b8b5df1996b2';

if (process.platform !== 'linux' || process.arch !== 'x64') {
  console.error(`build:exe makes a Linux x64 executable from this Node binary; this is ${process.platform} ${process.arch}`);
  process.exit(1);
}
const require = createRequire(import.meta.url);
let postject;
try {
  postject = require('postject');
} catch {
  console.error('build:exe needs postject (a devDependency): run npm install');
  process.exit(1);
}

const work = mkdtempSync(join(tmpdir(), 'netreq-sea-'));
try {
  // Its own copy of the bundle: dist/netreq.mjs may be in use by another process meanwhile.
  const bundle = givenBundle ?? join(work, 'netreq.mjs');
  if (givenBundle === undefined) execFileSync(process.execPath, [join(root, 'scripts', 'build.mjs'), '--outfile', bundle], { stdio: 'inherit' });
  const blob = join(work, 'sea-prep.blob');
  const config = join(work, 'sea-config.json');
  writeFileSync(
    config,
    JSON.stringify({
      main: join(root, 'scripts', 'sea-entry.cjs'),
      output: blob,
      disableExperimentalSEAWarning: true,
      useSnapshot: false,
      useCodeCache: false,
      assets: { 'netreq.mjs': bundle },
    }),
  );
  execFileSync(process.execPath, ['--experimental-sea-config', config], { stdio: ['ignore', 'ignore', 'inherit'] });
  rmSync(output, { force: true });
  copyFileSync(process.execPath, output);
  chmodSync(output, 0o755);
  await postject.inject(output, 'NODE_SEA_BLOB', readFileSync(blob), { sentinelFuse: FUSE });
  console.log(`built ${output} (Node ${process.version}, linux-x64)`);
} finally {
  rmSync(work, { recursive: true, force: true });
}
