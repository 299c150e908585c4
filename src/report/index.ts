export * from '../schema/index.js';
export { stripControl, oneLine, redactCredentials, safeText, type StripOptions } from './sanitize.js';
export { summarize, summaryLine, incompleteLine, STATUS_ORDER, CUT_SHORT_CAUSES, FAILING_SKIPS, countsAsFailure } from './summarize.js';
export { statusSymbol, statusLabel, paint, type SymbolOptions } from './status-style.js';
export { wrap, fit, hardWrap, wrapCommand } from '../text/index.js';
export { renderStepLine } from './render-step-line.js';
export { renderText, type TextOptions } from './render-text.js';
export { renderJson, renderJsonPieces } from './render-json.js';
export { renderMarkdown, mdText, mdCode } from './render-markdown.js';
export { renderJunit, xmlEscape } from './render-junit.js';
export { redactChain, redactDeep, mergeRecords, describeRecords, isMasked, MASK, type Redactor, type Redaction, type RedactionRecord, type RedactResult, type RedactChain, type DeepRedaction } from './redact.js';
export { urlCredentials, authorizationHeaders, bearerTokens, azureSecrets, secretAssignments, knownSecrets, patternRedactor, secretsOfUrl, looksLikeToken, RedactPatternError } from './redact-rules.js';
export { standardRedactors, createRedaction, type RedactionOptions } from './redact-standard.js';
export { diffReports, targetIdentity, DIFF_ORDER, type DiffKind, type DiffEntry, type ReportDiff, type FindingState } from './diff.js';
export { renderDiffText, renderDiffMarkdown, renderDiffJson } from './diff-render.js';
export { diffFleetReports, NODE_TARGET, type FleetDiff, type FleetDiffEntry, type FleetDiffNode } from './fleet-diff.js';
export { renderFleetDiffText, renderFleetDiffMarkdown, renderFleetDiffJson } from './fleet-diff-render.js';
export { mergeReports, type MachineReport, type MergeRow, type MergedReports } from './merge.js';
export { renderMergeText, renderMergeMarkdown, renderMergeJson } from './merge-render.js';
export * from '../schema/index.js';
/** report.html's renderer, loaded on demand so react-dom/server is read only when a page is made. */
export async function loadHtmlRenderer(): Promise<(typeof import('./html/index.js'))['renderHtml']> {
  return (await import('./html/index.js')).renderHtml;
}
/** The fleet report's page, loaded on demand as report.html's is. */
export async function loadFleetHtmlRenderer(): Promise<(typeof import('./html/index.js'))['renderFleetHtml']> {
  return (await import('./html/index.js')).renderFleetHtml;
}
export { fleetMatrix, type FleetMatrix, type FleetMatrixColumn, type FleetMatrixRow } from './fleet-matrix.js';
export * from './bundle/index.js';
export { rootCauseView, type RootCauseView, type RootCauseGroup } from './root-cause-view.js';
