import { rowNotes } from './notes.js';
import type { RuleListing, RuleRow } from './rows.js';
import { pad, wrap } from '../../text/index.js';
import { whenText } from './rows.js';
import { append } from '../../append.js';

const PORT = 8;
const SCHEME = 7;

function rowLines(row: RuleRow, width: number, hostWidth: number): string[] {
  const rest = `${pad(row.port, PORT)}${pad(row.scheme, SCHEME)}${row.direction} from ${row.from.join(', ')}`;
  const lines = row.host.length <= hostWidth
    ? [`${pad(row.host, hostWidth + 1)}${rest}`]
    : [row.host, `${' '.repeat(hostWidth + 1)}${rest}`];
  const when = whenText(row.when);
  const body = [row.purpose + (when !== '' ? ` [when ${when}]` : ''), ...rowNotes(row), `id ${row.id}`];
  for (const paragraph of body) append(lines, wrap(paragraph, width - 4, { long: 'keep' }).map((line) => `    ${line}`));
  return lines;
}

function section(title: string, rows: readonly RuleRow[], width: number): string[] {
  if (rows.length === 0) return [];
  const hostWidth = Math.min(Math.max(4, ...rows.map((row) => row.host.length)), width - PORT - SCHEME - 27);
  const header = `${pad('HOST', hostWidth + 1)}${pad('PORT', PORT)}${pad('PROTO', SCHEME)}DIRECTION`;
  return [title, '', header, ...rows.flatMap((row) => [...rowLines(row, width, hostWidth), '']), ''];
}

/** A plain-text listing that fits a terminal of `width` columns (80 by default). */
export function renderTable(listing: RuleListing, width = 80): string {
  const out: string[] = [];
  if (listing.all) {
    append(out, section(`The whole catalog (${listing.here.length} rules, catalog ${listing.catalogVersion}); templates and wildcards as written`, listing.here, width));
  } else {
    append(out, section(`Check from this machine (${(listing.roles ?? []).join(', ')}): ${listing.here.length}`, listing.here, width));
    append(out, section(`Check from another machine (the role named after "from"): ${listing.elsewhere.length}`, listing.elsewhere, width));
    if (listing.here.length === 0 && listing.elsewhere.length === 0) out.push('No rule applies to this site as described.', '');
  }
  return `${out.join('\n').replace(/\n+$/, '')}\n`;
}
