// ESLint: typescript-eslint's recommended rules (not type-checked: fast on a small machine), the
// formatting the code is written in (eslint/style.js), and the layers of DESIGN.md as rules, so
// that they hold without memory.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import layers from './eslint/folder-imports.js';
import { style } from './eslint/style.js';
import { DEEP_IMPORT_EXCEPTIONS } from './eslint/folder-import-exceptions.js';

const INK = '^ink(-[^/]*)?(/.*)?$';
const INK_AND_REACT = '^(ink(-[^/]*)?|react|react-dom)(/.*)?$';
const SOCKETS = '^((node:)?(net|tls|dns|dgram)|undici|dns-packet)(/.*)?$';

/** no-restricted-imports for a folder: package names matching these regexes, with the reason. */
const restrict = (patterns) => ({
  'no-restricted-imports': ['error', { patterns: patterns.map(([regex, message]) => ({ regex, message })) }],
});
const inkMessage = 'Only src/ui renders with Ink/React (report.html uses react-dom/server in src/report/html): DESIGN.md layers.';
const socketMessage = 'Only src/net (and the simulator in src/sim) touches sockets, DNS and HTTP clients: probes get a Network.';

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', '.prof/**', 'tmp/**'] },
  js.configs.recommended,
  tseslint.configs.recommended,
  style,
  {
    languageOptions: { ecmaVersion: 2023, sourceType: 'module', globals: { ...nodeGlobals() } },
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    rules: {
      // A callback may run inside the call that returns the value assigned (net/deadline.ts).
      'prefer-const': ['error', { ignoreReadBeforeAssign: true }],
      // `_name` marks a value left out on purpose (rest destructuring, unused callback parameters).
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', ignoreRestSiblings: true, caughtErrors: 'none' }],
    },
  },
  {
    files: ['**/*.cjs'],
    languageOptions: { sourceType: 'commonjs' },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    files: ['src/**/*.{ts,tsx}'],
    plugins: { layers },
    rules: { 'layers/folder-imports': ['error', { src: 'src', exceptions: DEEP_IMPORT_EXCEPTIONS }] },
  },
  { files: ['src/**/*.{ts,tsx}'], ignores: ['src/ui/**', 'src/report/html/**', 'src/net/**', 'src/sim/**'], rules: restrict([[INK_AND_REACT, inkMessage], [SOCKETS, socketMessage]]) },
  { files: ['src/report/html/**'], rules: restrict([[INK, inkMessage], [SOCKETS, socketMessage]]) },
  { files: ['src/ui/**'], rules: restrict([[SOCKETS, socketMessage]]) },
  { files: ['src/net/**', 'src/sim/**'], rules: restrict([[INK_AND_REACT, inkMessage]]) },
);

/** Node's globals, without a dependency for a list that ESLint only needs for no-undef in .js/.mjs. */
function nodeGlobals() {
  const names = ['process', 'console', 'Buffer', 'URL', 'URLSearchParams', 'setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'setImmediate', 'clearImmediate', 'queueMicrotask', 'structuredClone', 'AbortController', 'AbortSignal', 'TextEncoder', 'TextDecoder', 'fetch', 'performance', 'global', 'globalThis', '__dirname', '__filename', 'require', 'module', 'exports'];
  return Object.fromEntries(names.map((name) => [name, 'readonly']));
}
