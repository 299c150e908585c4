// Builds dist/netreq.mjs: one ESM file that runs with plain `node`, data embedded.
import { build } from 'esbuild';
import { parse as parseYaml } from 'yaml';
import { mkdirSync, readFileSync, readdirSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

function yamlFiles(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = join(dir, entry.name);
    if (entry.isDirectory()) return yamlFiles(full);
    return /\.ya?ml$/.test(entry.name) ? [full] : [];
  });
}

const data = {};
for (const folder of ['catalog', 'scenarios']) {
  for (const file of yamlFiles(join(root, folder))) {
    const text = readFileSync(file, 'utf8');
    // Parsed here so the single file skips the YAML parser at start-up; the text stays for error lines.
    data[relative(root, file).split('\\').join('/')] = { text, value: parseYaml(text) };
  }
}
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const outArg = process.argv.indexOf('--outfile');
const outfile = outArg > 0 && process.argv[outArg + 1] ? resolve(process.argv[outArg + 1]) : join(root, 'dist/netreq.mjs');

/** zod's `locales` namespace, reduced to English (scripts/zod-locales-stub.mjs). */
const englishOnlyZod = {
  name: 'zod-english-only',
  setup(build) {
    build.onResolve({ filter: /^\.\.\/locales\/index\.js$/ }, (args) =>
      /[\\/]node_modules[\\/]zod[\\/]/.test(args.importer) ? { path: join(root, 'scripts/zod-locales-stub.mjs') } : undefined,
    );
  },
};

mkdirSync(dirname(outfile), { recursive: true });
const result = await build({
  entryPoints: [join(root, 'src/cli/main.ts')],
  outfile,
  write: false,
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  minify: true,
  keepNames: false,
  legalComments: 'none',
  logLevel: 'warning',
  alias: { 'react-devtools-core': join(root, 'scripts/react-devtools-stub.mjs') },
  plugins: [englishOnlyZod],
  define: {
    'process.env.NODE_ENV': '"production"',
    // One JSON string per folder: a command parses only the folder it reads.
    __NETREQ_DATA_JSON__: JSON.stringify(Object.fromEntries(['catalog', 'scenarios'].map((folder) => [folder, JSON.stringify(Object.fromEntries(Object.entries(data).filter(([path]) => path.startsWith(`${folder}/`))))]))),
    __NETREQ_VERSION__: JSON.stringify(pkg.version),
  },
  banner: {
    js: "#!/usr/bin/env node\nimport { createRequire as __netreqCreateRequire } from 'node:module';\nconst require = __netreqCreateRequire(import.meta.url);\n// getaddrinfo runs on libuv's thread pool (4 threads by default): one slow resolver would queue every lookup.\nprocess.env.UV_THREADPOOL_SIZE ??= '64';",
  },
});

// Written then renamed: a process running the old file never reads half of the new one.
const output = result.outputFiles?.[0];
if (!output) throw new Error('esbuild produced no output');
const temporary = `${outfile}.${process.pid}.tmp`;
writeFileSync(temporary, output.contents, { mode: 0o755 });
renameSync(temporary, outfile);
