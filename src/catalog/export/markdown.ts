import { rowNotes } from './notes.js';
import type { RuleListing, RuleRow } from './rows.js';
import { whenText } from './rows.js';

function cell(text: string): string {
  return text.replace(/\\/g, '\\\\').replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
}

function table(rows: readonly RuleRow[]): string[] {
  const head = ['| Host | Port | Protocol | Direction | From | Purpose | Notes | Rule |', '| --- | --- | --- | --- | --- | --- | --- | --- |'];
  return [
    ...head,
    ...rows.map((row) => {
      const when = whenText(row.when);
      const purpose = row.purpose + (when !== '' ? ` (when ${when})` : '');
      const cols = [`\`${row.host}\``, row.port, `${row.scheme}/${row.transport}`, row.direction, row.from.join(', '), purpose, rowNotes(row).join('; '), `\`${row.id}\``];
      return `| ${cols.map(cell).join(' | ')} |`;
    }),
  ];
}

/** Markdown for a change request: one table per section. */
export function renderMarkdown(listing: RuleListing): string {
  const out: string[] = [];
  if (listing.all) {
    out.push(`## The whole catalog`, '', `${listing.here.length} rules, catalog ${listing.catalogVersion}; templates and wildcards as written.`, '', ...table(listing.here));
  } else {
    out.push(`## Check from this machine (${(listing.roles ?? []).join(', ')})`, '', ...(listing.here.length > 0 ? table(listing.here) : ['None.']));
    if (listing.elsewhere.length > 0) out.push('', '## Check from another machine', '', ...table(listing.elsewhere));
  }
  return `${out.join('\n')}\n`;
}
