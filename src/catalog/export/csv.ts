import type { RuleListing, RuleRow } from './rows.js';
import { whenText } from './rows.js';
import { patternText } from '../templates.js';

const COLUMNS = [
  'id', 'product', 'section', 'direction', 'from', 'host', 'pattern', 'port', 'transport', 'scheme', 'check', 'when',
  'purpose', 'source_ranges', 'added', 'retired', 'unresolved', 'location', 'sources',
] as const;

function cells(row: RuleRow): Record<(typeof COLUMNS)[number], string> {
  return {
    id: row.id,
    product: row.product,
    section: row.section,
    direction: row.direction,
    from: row.from.join(' '),
    host: row.host,
    pattern: row.pattern !== undefined ? patternText(row.pattern) : '',
    port: row.port,
    transport: row.transport,
    scheme: row.scheme,
    check: row.check ?? '',
    when: whenText(row.when),
    purpose: row.purpose,
    source_ranges: (row.sourceRanges ?? []).join(' '),
    added: row.added ? `${row.added.reason} (${row.added.reference})` : '',
    retired: row.retired?.reason ?? '',
    unresolved: row.unresolved ? `${row.unresolved.cause}: ${row.unresolved.detail}` : '',
    location: row.location ?? '',
    sources: row.sources.map((source) => (source.says !== undefined ? `${source.doc}: ${source.says}` : source.doc)).join(' | '),
  };
}

/** RFC 4180: quote a field holding a comma, quote or line break; double the quotes. */
export function csvField(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

export function renderCsv(listing: RuleListing): string {
  const rows = [...listing.here, ...listing.elsewhere];
  const lines = [COLUMNS.join(','), ...rows.map((row) => { const c = cells(row); return COLUMNS.map((name) => csvField(c[name])).join(','); })];
  return `${lines.join('\r\n')}\r\n`;
}
