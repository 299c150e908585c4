import { inEdition } from '../editions.js';
import type { Catalog } from '../load.js';
import type { Edition, Product, Rule } from '../schema.js';
import { listingFromCatalog, type RuleRow } from './rows.js';

/** What a firewall team must add, and may remove, when a site moves from one edition to another. */
export interface EditionChanges {
  readonly product: Product;
  readonly from: Edition;
  readonly to: Edition;
  readonly add: readonly RuleRow[];
  readonly remove: readonly RuleRow[];
}

/** The product and edition an edition id names, or undefined. */
export function findEdition(catalog: Pick<Catalog, 'editions'>, id: string): { product: Product; edition: Edition } | undefined {
  for (const [product, editions] of Object.entries(catalog.editions) as [Product, readonly Edition[]][]) {
    const edition = editions.find((e) => e.id === id);
    if (edition !== undefined) return { product, edition };
  }
  return undefined;
}

const endpointOf = (row: RuleRow): string => `${row.direction} ${row.host}:${row.port}/${row.transport}`;

/** The rows of one edition's rules, as `rules --all` lists them. */
function rowsOf(rules: readonly Rule[], product: Product, edition: Edition, version: string): readonly RuleRow[] {
  return listingFromCatalog(rules.filter((r) => r.product === product && inEdition(r, edition)), version).here;
}

/**
 * Endpoints (direction, host, port, transport) the new edition has and the old lacks (to add), and
 * those only the old has (that may be removed once no node runs the old version). Rules of the
 * whole catalog, templates as written: the firewall request for an upgrade, before a site's answers.
 */
export function editionChanges(catalog: Catalog, fromId: string, toId: string): EditionChanges {
  const from = findEdition(catalog, fromId);
  const to = findEdition(catalog, toId);
  const known = Object.values(catalog.editions).flat().map((e) => e.id).join(', ');
  if (from === undefined) throw new Error(`'${fromId}' is not an edition (known: ${known})`);
  if (to === undefined) throw new Error(`'${toId}' is not an edition (known: ${known})`);
  if (from.product !== to.product) throw new Error(`${fromId} is an edition of ${from.product} and ${toId} of ${to.product}: compare two editions of one product`);
  const before = rowsOf(catalog.rules, from.product, from.edition, catalog.version);
  const after = rowsOf(catalog.rules, to.product, to.edition, catalog.version);
  const had = new Set(before.map(endpointOf));
  const has = new Set(after.map(endpointOf));
  return {
    product: from.product,
    from: from.edition,
    to: to.edition,
    add: after.filter((row) => !had.has(endpointOf(row))),
    remove: before.filter((row) => !has.has(endpointOf(row))),
  };
}

const cell = (text: string): string => text.replace(/\|/g, '\\|').replace(/\s+/g, ' ').trim();

function table(rows: readonly RuleRow[]): string[] {
  if (rows.length === 0) return ['Nothing.', ''];
  return [
    '| Direction | From | Host | Port | Purpose | Rule | Source |',
    '| --- | --- | --- | --- | --- | --- | --- |',
    ...rows.map((r) => `| ${r.direction} | ${r.from.join(', ')} | \`${cell(r.host)}\` | ${r.port}/${r.transport} | ${cell(r.purpose)} | \`${r.id}\` | ${cell(r.sources.map((s) => s.doc).join(', '))} |`),
    '',
  ];
}

/** The changes as Markdown, for a ticket. */
export function renderChangesMarkdown(changes: EditionChanges): string {
  return [
    `# ${changes.product}: from ${changes.from.id} to ${changes.to.id}`,
    '',
    `From: ${changes.from.title}. To: ${changes.to.title}.`,
    '',
    `## Add (${changes.add.length})`,
    '',
    ...table(changes.add),
    `## May be removed once no node runs the older version (${changes.remove.length})`,
    '',
    ...table(changes.remove),
  ].join('\n');
}

/** The changes as JSON: the editions and the rows to add and to remove. */
export function renderChangesJson(changes: EditionChanges): string {
  return `${JSON.stringify({ product: changes.product, from: changes.from.id, to: changes.to.id, add: changes.add, remove: changes.remove }, null, 2)}\n`;
}
