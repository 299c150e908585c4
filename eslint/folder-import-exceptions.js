// Cross-folder imports that break the folder-imports rule today (eslint/folder-imports.js), each
// listed so that the rule holds for every new import. Importer -> the files it may still import
// directly, as paths under src/. Remove an entry when its import goes through the folder's index.ts
// or the file moves; a stale entry is harmless but says less than it seems.
/** @type {Record<string, string[]>} */
export const DEEP_IMPORT_EXCEPTIONS = {};

// Data that imports a layer (report -> diagnose, probes, net): the Finding and observation schemas and
// host collection still live there. Issue 17 item 4 moves them (the Finding schema into report's
// schema, environment-* into src/host); drop these entries then.
add({
  'report/diff.ts': ['diagnose/schema.ts'],
  'report/environment-findings.ts': ['diagnose/schema.ts', 'net/index.ts'],
  'report/environment.ts': ['net/index.ts'],
  'report/html/FindingCard.tsx': ['diagnose/schema.ts'],
  'report/html/ReportPage.tsx': ['diagnose/schema.ts'],
  'report/merge-render.ts': ['diagnose/schema.ts'],
  'report/merge.ts': ['diagnose/schema.ts'],
  'report/render-json.ts': ['diagnose/schema.ts'],
  'report/render-junit.ts': ['diagnose/schema.ts'],
  'report/render-markdown.ts': ['diagnose/schema.ts'],
  'report/render-step-line.ts': ['probes/schema.ts'],
  'report/render-text.ts': ['diagnose/schema.ts'],
  'report/schema.ts': ['diagnose/schema.ts'],
  'report/status-style.ts': ['diagnose/schema.ts'],
  'report/summarize.ts': ['diagnose/schema.ts'],
});

// The Finding (diagnose/schema.ts) and observation (probes/schema.ts) schemas imported directly:
// item 4 moves them into the leaf schema module, and these imports change then.
add({
  'cli/exit-codes.ts': ['diagnose/schema.ts'],
  'diagnose/classify-clock.ts': ['probes/schema.ts'],
  'diagnose/classify-dns.ts': ['probes/schema.ts'],
  'diagnose/classify-http.ts': ['probes/schema.ts'],
  'diagnose/classify-local.ts': ['probes/schema.ts'],
  'diagnose/classify-proxy.ts': ['probes/schema.ts'],
  'diagnose/classify-ssh.ts': ['probes/schema.ts'],
  'diagnose/classify-tcp.ts': ['probes/schema.ts'],
  'diagnose/classify-tls.ts': ['probes/schema.ts'],
  'diagnose/classify-types.ts': ['probes/schema.ts'],
  'diagnose/classify-udp.ts': ['probes/schema.ts'],
  'diagnose/classify.ts': ['probes/schema.ts'],
  'diagnose/peer-judge.ts': ['probes/schema.ts'],
  'diagnose/schema.ts': ['probes/schema.ts'],
  'ui/components/FindingDetail.tsx': ['diagnose/schema.ts'],
  'ui/components/RecheckRow.tsx': ['diagnose/schema.ts'],
  'ui/components/ResultRow.tsx': ['diagnose/schema.ts'],
  'ui/evidence-lines.ts': ['probes/schema.ts'],
  'ui/finding-lines.ts': ['diagnose/schema.ts'],
  'ui/finding-order.ts': ['diagnose/schema.ts'],
  'ui/hooks/use-recheck.ts': ['diagnose/schema.ts'],
  'ui/hooks/use-run.ts': ['diagnose/schema.ts'],
  'ui/plain/plain-lines.ts': ['diagnose/schema.ts'],
  'ui/plain/plain-run.ts': ['diagnose/schema.ts'],
  'ui/run-state.ts': ['diagnose/schema.ts', 'probes/schema.ts'],
  'ui/screens/LiveRunScreen.tsx': ['diagnose/schema.ts'],
  'ui/screens/RecheckScreen.tsx': ['diagnose/schema.ts'],
  'ui/status-style.ts': ['diagnose/schema.ts'],
  'ui/types.ts': ['diagnose/schema.ts'],
});

// Plain mode must not load Ink: ui/index.ts imports ink and react at the top, so the CLI loads
// ui/plain/index.ts on its own.
add({
  'cli/commands/wizard.ts': ['ui/plain/index.ts'],
});

// src/data has no index.ts: embedded.ts is the single-file build's seam (scripts/build.mjs sets its
// __NETREQ_DATA_JSON__). knowledge/data-load.ts comes with item 6 (knowledge as data), on its own branch.
add({
  'catalog/load.ts': ['data/embedded.ts'],
  'knowledge/data-load.ts': ['data/embedded.ts'],
  'knowledge/load.ts': ['data/embedded.ts'],
  'sim/scenario-load.ts': ['data/embedded.ts'],
  'vocabulary/regions.ts': ['data/embedded.ts'],
});

// Imports inside today's circle catalog -> report -> diagnose -> catalog: through index.ts a value
// import would load each folder whole in a cycle. Item 4 ends it (the Finding schema moves to report).
add({
  'catalog/select.ts': ['report/schema.ts'],
  'diagnose/build-report.ts': ['report/schema.ts', 'report/summarize.ts'],
  'diagnose/classify-http.ts': ['catalog/schema.ts'],
  'diagnose/plan.ts': ['catalog/schema.ts'],
  'diagnose/schema.ts': ['catalog/schema.ts'],
  'report/environment-findings.ts': ['catalog/no-proxy.ts'],
  'report/html/FindingCard.tsx': ['catalog/templates.ts'],
  'report/html/text.ts': ['catalog/templates.ts'],
  'report/render-junit.ts': ['catalog/templates.ts'],
  'report/render-markdown.ts': ['catalog/templates.ts'],
  'report/render-text.ts': ['catalog/templates.ts'],
  'report/schema.ts': ['catalog/schema.ts'],
});

/** Merges a group into the table: one importer may appear in several groups. */
function add(group) {
  for (const [importer, targets] of Object.entries(group)) {
    DEEP_IMPORT_EXCEPTIONS[importer] = [...(DEEP_IMPORT_EXCEPTIONS[importer] ?? []), ...targets];
  }
}
