import { csvField } from './csv.js';
import { purposesText, requestComment, requestRows, sourcesText, type ChangeRequest, type RequestRow } from './request.js';

const COLUMNS = ['host', 'port', 'transport', 'scheme', 'via', 'direction', 'status', 'cause', 'rules', 'purpose', 'sources', 'evidence', 'explanation', 'targets'] as const;

function cells(row: RequestRow): Record<(typeof COLUMNS)[number], string> {
  return {
    host: row.host,
    port: row.port,
    transport: row.transport,
    scheme: row.scheme,
    via: row.via,
    direction: row.direction,
    status: row.status,
    cause: row.cause,
    rules: row.rules.map((rule) => rule.id).join(' '),
    purpose: purposesText(row.rules),
    sources: sourcesText(row.rules),
    evidence: row.evidence,
    explanation: row.explanation,
    targets: (row.targets ?? []).join(' '),
  };
}

/** A report's text opened in a spreadsheet must not run as a formula (OWASP's CSV injection). */
function inert(value: string): string {
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}

/** `#` lines for the root causes that change the request, then one CSV row per entry or failure. */
export function renderRequestCsv(request: ChangeRequest): string {
  const comments = request.rootCauses.flatMap((cause) => requestComment(cause) ?? []).map((line) => `# ${line}`);
  const rows = requestRows(request).map((row) => {
    const c = cells(row);
    return COLUMNS.map((name) => csvField(inert(c[name]))).join(',');
  });
  return `${[...comments, COLUMNS.join(','), ...rows].join('\r\n')}\r\n`;
}

/** The rows, and the root causes as the report gives them (without their rows, which are in `rows`). */
export function renderRequestJson(request: ChangeRequest): string {
  const rootCauses = request.rootCauses.map(({ rows: _rows, evidence, ...cause }) => ({ ...cause, evidence: Object.fromEntries(evidence) }));
  return `${JSON.stringify({ report: request.report, catalogVersion: request.catalogVersion, rows: requestRows(request), rootCauses }, null, 2)}\n`;
}
