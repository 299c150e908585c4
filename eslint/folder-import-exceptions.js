// Cross-folder imports that break the folder-imports rule today, each listed so that the rule holds
// for every new import. importer -> the files it may still import directly (paths under src/).
// Remove an entry when its import goes through the folder's index.ts (or the file moves).
/** @type {Record<string, string[]>} */
export const DEEP_IMPORT_EXCEPTIONS = {};

// Data that imports a layer (report -> diagnose, probes, net): the Finding and observation schemas and host collection still live there. Issue 17 item 4 moves them (Finding schema into report, environment-* into src/host); drop these entries then.
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

// The Finding (diagnose/schema.ts) and observation (probes/schema.ts) schemas, imported directly: item 4 moves them into the leaf schema module; these imports change then.
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

// Plain mode must not load Ink: ui/index.ts imports ink and react at the top, so the CLI reaches plain mode and the wizard types past it.
add({
  'cli/commands/wizard.ts': ['ui/plain/index.ts', 'ui/types.ts'],
  'cli/wizard-services.ts': ['ui/types.ts'],
});

// src/data has no index.ts: embedded.ts is the single-file build seam (its __NETREQ_DATA_JSON__ is set by scripts/build.mjs).
add({
  'catalog/load.ts': ['data/embedded.ts'],
  'knowledge/load.ts': ['data/embedded.ts'],
  'sim/scenario-load.ts': ['data/embedded.ts'],
});

// Deep imports of modules another folder already re-exports (or could): safe to switch to index.ts once no value import would make a cycle through it (report <-> catalog, catalog <-> topology, which item 4 ends).
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
  'sim/dns-server.ts': ['net/types.ts'],
  'topology/questions-apply.ts': ['catalog/schema.ts'],
  'topology/questions-list.ts': ['catalog/region-code.ts', 'catalog/schema.ts'],
  'topology/questions-values.ts': ['catalog/schema.ts'],
  'topology/schema.ts': ['catalog/schema.ts'],
  'ui/components/App.tsx': ['report/schema.ts', 'topology/questions.ts'],
  'ui/components/RunHeader.tsx': ['report/schema.ts'],
  'ui/components/SelectInput.tsx': ['topology/questions.ts'],
  'ui/components/StatusCounts.tsx': ['report/schema.ts'],
  'ui/hooks/use-recheck.ts': ['report/schema.ts', 'topology/schema.ts'],
  'ui/hooks/use-wizard.ts': ['topology/questions.ts'],
  'ui/index.ts': ['topology/questions.ts'],
  'ui/plain/ask-questions.ts': ['topology/questions.ts'],
  'ui/plain/index.ts': ['report/schema.ts', 'topology/questions.ts', 'topology/schema.ts'],
  'ui/plain/plain-lines.ts': ['report/schema.ts'],
  'ui/question-context.ts': ['topology/questions.ts'],
  'ui/run-state.ts': ['report/schema.ts'],
  'ui/screens/AnswersScreen.tsx': ['topology/questions.ts'],
  'ui/screens/QuestionScreen.tsx': ['topology/questions.ts'],
  'ui/screens/ResultsScreen.tsx': ['report/schema.ts'],
  'ui/screens/ReviewScreen.tsx': ['topology/schema.ts'],
  'ui/types.ts': ['catalog/schema.ts', 'report/schema.ts', 'topology/schema.ts'],
  'ui/wizard-state.ts': ['report/schema.ts', 'topology/questions.ts', 'topology/schema.ts'],
});

/** Merges a group into the table: one importer may appear in several groups. */
function add(group) {
  for (const [importer, targets] of Object.entries(group)) {
    DEEP_IMPORT_EXCEPTIONS[importer] = [...(DEEP_IMPORT_EXCEPTIONS[importer] ?? []), ...targets];
  }
}
