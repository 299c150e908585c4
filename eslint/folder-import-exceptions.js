// Cross-folder imports that break the folder-imports rule today (eslint/folder-imports.js), each
// listed so that the rule holds for every new import. Importer -> the files it may still import
// directly, as paths under src/. Remove an entry when its import goes through the folder's index.ts
// or the file moves; a stale entry is harmless but says less than it seems.
/** @type {Record<string, string[]>} */
export const DEEP_IMPORT_EXCEPTIONS = {};

// Plain mode must not load Ink: ui/index.ts imports ink and react at the top, so the CLI loads
// ui/plain/index.ts on its own.
add({
  'cli/commands/wizard.ts': ['ui/plain/index.ts'],
});

// src/data has no index.ts: embedded.ts is the single-file build's seam (scripts/build.mjs sets its
// __NETREQ_DATA_JSON__).
add({
  'catalog/load.ts': ['data/embedded.ts'],
  'knowledge/data-load.ts': ['data/embedded.ts'],
  'knowledge/load.ts': ['data/embedded.ts'],
  'sim/scenario-load.ts': ['data/embedded.ts'],
  'vocabulary/regions.ts': ['data/embedded.ts'],
});

/** Merges a group into the table: one importer may appear in several groups. */
function add(group) {
  for (const [importer, targets] of Object.entries(group)) {
    DEEP_IMPORT_EXCEPTIONS[importer] = [...(DEEP_IMPORT_EXCEPTIONS[importer] ?? []), ...targets];
  }
}
