import {
  CatalogError,
  editionChanges,
  findEdition,
  inEdition,
  listingFromCatalog,
  renderChangesJson,
  renderChangesMarkdown,
  listingFromSelection,
  loadCatalog,
  renderCsv,
  renderJson,
  renderMarkdown,
  renderNoProxy,
  renderSquid,
  renderTable,
  select,
  type Catalog,
  type RuleListing,
} from '../../catalog/index.js';
import { expandRoles, type Topology } from '../../topology/index.js';
import { topologyFrom } from '../site-input.js';
import { renderRequest, requestFromReport } from '../rules-from.js';
import { allowOnly, type Flags, type ParsedArgs } from '../args.js';
import { EXIT } from '../exit-codes.js';
import { UsageError, type CliIo } from '../io.js';
import type { Command } from './types.js';

const FORMATS = ['table', 'csv', 'md', 'json', 'squid', 'no-proxy'] as const;
export type RulesFormat = (typeof FORMATS)[number];

export const TOPOLOGY_FLAGS = [
  'answers', 'product', 'role', 'region', 'region-code', 'control-plane', 'co-located', 'headnode',
  'prereqs', 'workload', 'wildcard', 'proxy', 'no-proxy', 'cni', 'runai-version', 'azureml-arc-version', 'arc-gateway',
  'image',
] as const satisfies readonly (keyof Flags)[];

const HELP = `netreq rules [options]: the rules that apply to a site, for a firewall or proxy change request

  netreq rules --product P --role R [site options] [--format F]
  netreq rules --answers FILE [--format F]
  netreq rules --all [--format F]          the whole catalog, templates and wildcards as written
  netreq rules --edition E [site options | --all]   the rules of one edition of the requirements
  netreq rules --edition list              every edition: product, id, versions, title
  netreq rules --changes OLD NEW [--format md|json]   what a firewall team adds (and may remove)
                                           when a site upgrades, e.g. --changes runai-bcm-guide runai-2.22
  netreq rules --from REPORT.json [--format F]
                                           the change request for what failed in a saved report

Formats (--format)
  table      plain text that fits 80 columns (default)
  csv        one row per rule or target, for a spreadsheet
  md         Markdown tables, for a ticket
  json       an array of rows: id, product, direction, from, host, port, scheme, transport, purpose, sources, ...
  squid      a squid.conf fragment allowing the outbound endpoints (port 80 apart from CONNECT to 443)
  no-proxy   the NO_PROXY value the cluster needs; what NO_PROXY cannot express goes to stderr

With --from (a report.json of 'netreq check --format json', or a support bundle), only what
failed is listed, grouped by root cause: each cause's fewest allow entries (a vendor's wildcard
where it gives one) with their purpose and vendor source, or, where opening ports would not fix
it (DNS, TLS inspection, NO_PROXY, the proxy, the clock, IPv6), what to ask for instead; then the
failures no root cause explains. csv and squid add a '#' line per such cause, no-proxy a note.
The site comes from the report: no site options.

  netreq check --product runai --role installer --format json > report.json
  netreq rules --from report.json --format md > change-request.md

Versions: --runai-version V and --azureml-arc-version V choose each product's edition of the
requirements (catalog/editions.yaml: the vendor documents for that version); without them the
newest edition applies, and the report says so.

Site options: --product, --role (repeat), --headnode, --control-plane, --co-located, --workload,
--region, --region-code, --prereqs, --wildcard 'PATTERN=HOST', --cni, --proxy, --no-proxy, --answers FILE,
--image REF (an image of the site's own, repeat; checked as Docker reads it and kept in the answers).
Rules checked from another role are listed in a section of their own.
`;

function parseFormat(value: string | undefined): RulesFormat {
  if (value === undefined) return 'table';
  if ((FORMATS as readonly string[]).includes(value)) return value as RulesFormat;
  throw new UsageError(`--format '${value}' is not a rules format; expected one of: ${FORMATS.join(', ')}`);
}

/** The built-in catalog, or undefined after saying on stderr what is wrong with it. */
function builtInCatalog(io: CliIo): Catalog | undefined {
  try {
    return loadCatalog();
  } catch (error: unknown) {
    if (!(error instanceof CatalogError)) throw error;
    io.stderr.write(`netreq: ${error.message}\n`);
    return undefined;
  }
}

type Rendered = { text: string; notes: readonly string[] };

const RULE_RENDERERS: Readonly<Record<RulesFormat, (listing: RuleListing, width: number) => Rendered>> = {
  table: (listing, width) => ({ text: renderTable(listing, width), notes: [] }),
  csv: (listing) => ({ text: renderCsv(listing), notes: [] }),
  md: (listing) => ({ text: renderMarkdown(listing), notes: [] }),
  json: (listing) => ({ text: renderJson(listing), notes: [] }),
  squid: (listing) => renderSquid(listing),
  'no-proxy': (listing) => renderNoProxy(listing),
};

/** The listing in a rules format; `notes` are what the format cannot express (stderr). */
export function renderRules(format: RulesFormat, listing: RuleListing, width = 80): Rendered {
  return RULE_RENDERERS[format](listing, width);
}

/** `--changes OLD NEW`: what to add and what may go when a site moves from one edition to another. */
function changesCommand(flags: Flags, positionals: readonly string[], io: CliIo): number {
  const [from] = flags.changes ?? [];
  const [to, ...rest] = flags.changes !== undefined && flags.changes.length > 1 ? flags.changes.slice(1) : positionals;
  if (from === undefined || to === undefined || rest.length > 0) throw new UsageError('--changes takes two editions: netreq rules --changes OLD NEW (netreq rules --edition list names them)');
  const extra = [...TOPOLOGY_FLAGS, 'all' as const, 'from' as const, 'edition' as const].filter((name) => flags[name] !== undefined);
  if (extra.length > 0) throw new UsageError(`--changes compares two editions of the whole catalog and takes no site options (${extra.map((n) => `--${n}`).join(', ')})`);
  const format = flags.format ?? 'md';
  if (format !== 'md' && format !== 'json') throw new UsageError(`--changes writes md or json, not '${format}'`);
  const catalog = builtInCatalog(io);
  if (!catalog) return EXIT.usage;
  let changes;
  try {
    changes = editionChanges(catalog, from, to);
  } catch (error: unknown) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
  io.stdout.write(format === 'json' ? renderChangesJson(changes) : renderChangesMarkdown(changes));
  return EXIT.ok;
}

/** `--edition E`: the rules of that edition, for the site (or the whole catalog with --all); `--edition list` names every edition. */
function editionCommand(flags: Flags, format: RulesFormat, catalog: Catalog, io: CliIo): number {
  const id = flags.edition ?? '';
  if (id === 'list') {
    for (const [product, editions] of Object.entries(catalog.editions)) {
      for (const e of editions) io.stdout.write(`${product}\t${e.id}\t${e.versions.join(' ') || '-'}\t${e.title}\n`);
    }
    return EXIT.ok;
  }
  const found = findEdition(catalog, id);
  if (found === undefined) throw new UsageError(`--edition '${id}' is not an edition; known: ${Object.values(catalog.editions).flat().map((e) => e.id).join(', ')} (netreq rules --edition list)`);
  const versionFlag = found.product === 'runai' ? 'runai-version' : 'azureml-arc-version';
  if (flags[versionFlag] !== undefined) throw new UsageError(`--edition and --${versionFlag} both choose the edition: give one`);
  const listing = flags.all
    ? listingFromCatalog(catalog.rules.filter((r) => r.product === found.product && inEdition(r, found.edition)), catalog.version)
    : siteListing(catalog, topologyFrom({ ...flags, [versionFlag]: id }, io));
  const width = io.stdout.isTTY && io.stdout.columns !== undefined ? Math.max(60, Math.min(io.stdout.columns, 160)) : 80;
  const out = renderRules(format, listing, width);
  io.stdout.write(out.text);
  for (const note of out.notes) io.stderr.write(`netreq: note: ${note}\n`);
  return EXIT.ok;
}

/** The rules that apply to the site, as `netreq rules` lists them. */
export function siteListing(catalog: Catalog, topology: Topology): RuleListing {
  return listingFromSelection(select(catalog, topology), topology, expandRoles(topology.roles), catalog.version);
}

export const rulesCommand: Command = {
  name: 'rules',
  summary: 'the selected rules, for a firewall request',
  help: HELP,
  async run(args: ParsedArgs, io: CliIo) {
    const { flags } = args;
    if (flags.from !== undefined) {
      const extra = [...TOPOLOGY_FLAGS, 'all' as const].filter((name) => flags[name] !== undefined);
      if (extra.length > 0) {
        throw new UsageError(`--from reads the site from the report and takes no site options (${extra.map((name) => `--${name}`).join(', ')}); drop them, or drop --from to list the rules for a site.`);
      }
    }
    if (flags.all) {
      const extra = TOPOLOGY_FLAGS.filter((name) => flags[name] !== undefined);
      if (extra.length > 0) {
        throw new UsageError(`--all lists the whole catalog and takes no site options (${extra.map((name) => `--${name}`).join(', ')}); drop --all to select rules for a site.`);
      }
    }
    allowOnly('rules', flags, [...TOPOLOGY_FLAGS, 'format', 'all', 'from', 'edition', 'changes']);
    if (flags.changes !== undefined) return changesCommand(flags, args.positionals, io);
    if (args.positionals.length > 0) throw new UsageError(`'netreq rules' takes no arguments, got '${args.positionals.join(' ')}'.`);
    const format = parseFormat(flags.format);
    const catalog = builtInCatalog(io);
    if (!catalog) return EXIT.usage;
    if (flags.edition !== undefined) return editionCommand(flags, format, catalog, io);
    const width = io.stdout.isTTY && io.stdout.columns !== undefined ? Math.max(60, Math.min(io.stdout.columns, 160)) : 80;
    let out: { text: string; notes: readonly string[] };
    if (flags.from !== undefined) {
      out = renderRequest(format, requestFromReport(flags.from, catalog, io), width);
    } else {
      const listing = flags.all ? listingFromCatalog(catalog.rules, catalog.version) : siteListing(catalog, topologyFrom(flags, io));
      out = renderRules(format, listing, width);
    }
    io.stdout.write(out.text);
    for (const note of out.notes) io.stderr.write(`netreq: note: ${note}\n`);
    return EXIT.ok;
  },
};
