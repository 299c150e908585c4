// The layers of DESIGN.md as a lint rule. A file in a folder under src/ imports another folder only
// through that folder's index.ts, and only downwards: cli -> ui -> diagnose -> probes -> net, with
// the data folders usable by anyone and importing only each other. Top-level files under src/
// (append.ts, version.ts, ...) are shared leaves: anyone may import them, they import no folder.
import { dirname, relative, resolve, sep } from 'node:path';

const DATA = ['catalog', 'topology', 'knowledge', 'report', 'data', 'vocabulary', 'text', 'schema'];

/** What each folder may import, besides itself, the data folders and src/*.ts. */
export const LAYERS = {
  cli: ['ui', 'engine', 'diagnose', 'probes', 'net', 'sim', 'host', 'fleet'],
  // netreq fleet: node lists, the peer plan, the ssh runner and the merge (child processes, no sockets).
  fleet: [],
  // The one engine: select, plan, run, rounds, host findings, the Report.
  engine: ['diagnose', 'probes', 'net', 'host'],
  // This machine's facts, read from files under a root: the resolver file is parsed as net parses it.
  host: ['net'],
  ui: ['diagnose', 'probes', 'net'],
  diagnose: ['probes', 'net'],
  probes: ['net'],
  net: [],
  // The simulator implements net's interfaces.
  sim: ['net'],
  ...Object.fromEntries(DATA.map((folder) => [folder, []])),
};

const INDEX = /^index\.tsx?$|^index\.js$/;

const withoutExtension = (path) => path.replace(/\.(js|ts|tsx)$/, '');

/** 'ui/run-state.ts' style path of a file, or undefined outside src/. */
function srcPath(src, file) {
  const rel = relative(src, file);
  if (rel.startsWith('..') || rel === '') return undefined;
  return rel.split(sep).join('/');
}

/** @type {import('eslint').Rule.RuleModule} */
export const folderImports = {
  meta: {
    type: 'problem',
    docs: { description: "enforce DESIGN.md's layers: downward imports only, other folders only through index.ts" },
    schema: [
      {
        type: 'object',
        properties: {
          src: { type: 'string' },
          // importer ('ui/run-state.ts') -> targets it may still import against the rule ('probes/schema.ts').
          exceptions: { type: 'object', additionalProperties: { type: 'array', items: { type: 'string' } } },
        },
        required: ['src'],
        additionalProperties: false,
      },
    ],
    messages: {
      deep: "'{{from}}' imports '{{spec}}' inside folder '{{to}}': import it through '{{to}}/index.ts' (export it there).",
      layer: "'{{from}}' is in '{{fromFolder}}', which may not import '{{to}}' (DESIGN.md layers: {{allowed}}).",
      unknown: "Folder 'src/{{folder}}' has no place in the layers yet: add it to LAYERS in eslint/folder-imports.js (and to DESIGN.md's arrows).",
      leaf: "'{{from}}' is a top-level module under src/, a shared leaf: it may not import folder '{{to}}'.",
    },
  },
  create(context) {
    const { src: srcOption, exceptions = {} } = context.options[0];
    const src = resolve(srcOption);
    const from = srcPath(src, context.filename);
    if (from === undefined) return {};
    const fromParts = from.split('/');
    const fromFolder = fromParts.length > 1 ? fromParts[0] : undefined;
    const waived = new Set((exceptions[from] ?? []).map(withoutExtension));

    function check(node, source) {
      if (!source || source.type !== 'Literal' || typeof source.value !== 'string') return;
      const spec = source.value;
      if (!spec.startsWith('.')) return;
      const to = srcPath(src, resolve(dirname(context.filename), spec));
      if (to === undefined) return;
      const toParts = to.split('/');
      if (toParts.length === 1) return; // a shared leaf
      const toFolder = toParts[0];
      if (toFolder === fromFolder) return;
      if (waived.has(withoutExtension(to))) return;
      if (fromFolder === undefined) {
        context.report({ node: source, messageId: 'leaf', data: { from, to: toFolder } });
        return;
      }
      for (const folder of [fromFolder, toFolder]) {
        if (!Object.hasOwn(LAYERS, folder)) {
          context.report({ node: source, messageId: 'unknown', data: { folder } });
          return;
        }
      }
      const allowed = [...LAYERS[fromFolder], ...DATA];
      if (!allowed.includes(toFolder)) {
        context.report({
          node: source,
          messageId: 'layer',
          data: { from, fromFolder, to: toFolder, allowed: `${fromFolder} -> ${allowed.join(', ') || 'nothing'}` },
        });
        return;
      }
      if (!(toParts.length === 2 && INDEX.test(toParts[1]))) {
        context.report({ node: source, messageId: 'deep', data: { from, spec, to: toFolder } });
      }
    }

    return {
      ImportDeclaration: (node) => check(node, node.source),
      ExportNamedDeclaration: (node) => check(node, node.source),
      ExportAllDeclaration: (node) => check(node, node.source),
      ImportExpression: (node) => check(node, node.source),
    };
  },
};

export default { rules: { 'folder-imports': folderImports } };
