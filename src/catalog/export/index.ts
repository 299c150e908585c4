export { listingFromCatalog, listingFromSelection, rowsFromRules, whenText, type RuleListing, type RuleRow } from './rows.js';
export { renderTable } from './table.js';
export { renderCsv, csvField } from './csv.js';
export { renderMarkdown } from './markdown.js';
export { renderJson } from './json.js';
export { renderSquid, squidRegex, type ProxyExport } from './squid.js';
export { renderNoProxy } from './no-proxy.js';
