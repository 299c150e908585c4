import type { Catalog } from './load.js';
import type { Topology } from '../topology/index.js';
import type { Edition, Product, Rule } from './schema.js';

/** The edition a product's rules are chosen by, and why: the site's answer, or the newest when it gave none. */
export interface ChosenEdition {
  readonly product: Product;
  readonly edition: Edition;
  /** The version or edition id the site gave; absent when the newest was taken for want of one. */
  readonly asked?: string;
  /** Set when the version given is newer than any edition lists: the newest is used. */
  readonly newerThanKnown?: boolean;
}

/** A version or edition id that names no edition. */
export class EditionError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'EditionError';
  }
}

function versionParts(version: string): [number, number] {
  const [major = 0, minor = 0] = version.split('.').map(Number);
  return [major, minor];
}

function compareVersions(a: string, b: string): number {
  const [am, an] = versionParts(a);
  const [bm, bn] = versionParts(b);
  return am - bm || an - bn;
}

/**
 * The edition for a product: by edition id, by version (its major.minor, listed by an edition),
 * or the newest when none is given or the version is newer than every edition lists. Throws
 * EditionError, naming what is known, for an id or an older version no edition lists.
 */
export function chooseEdition(catalog: Pick<Catalog, 'editions'>, product: Product, asked: string | undefined): ChosenEdition {
  const editions = catalog.editions[product] ?? [];
  const newest = editions.at(-1);
  if (newest === undefined) throw new EditionError(`${product} has no edition in the catalog`);
  if (asked === undefined) return { product, edition: newest };
  const byId = editions.find((e) => e.id === asked);
  if (byId !== undefined) return { product, edition: byId, asked };
  if (!/^\d+\.\d+(\.\d+)?$/.test(asked)) throw new EditionError(`'${asked}' is neither a ${product} version nor one of its editions (${editions.map((e) => e.id).join(', ')})`);
  const majorMinor = versionParts(asked).join('.');
  const byVersion = editions.find((e) => e.versions.includes(majorMinor));
  if (byVersion !== undefined) return { product, edition: byVersion, asked };
  const known = editions.flatMap((e) => e.versions).sort(compareVersions);
  const highest = known.at(-1);
  if (highest !== undefined && compareVersions(majorMinor, highest) > 0) return { product, edition: newest, asked, newerThanKnown: true };
  throw new EditionError(`${product} ${asked} is in no edition of the catalog; known versions: ${known.join(', ') || 'none'}, editions: ${editions.map((e) => e.id).join(', ')}`);
}

/** The edition each of the site's products is checked by (its answer, else the newest). */
export function editionsOf(catalog: Pick<Catalog, 'editions'>, topology: Pick<Topology, 'products' | 'versions'>): ReadonlyMap<Product, Edition> {
  return new Map(topology.products.map((product) => [product, chooseEdition(catalog, product, topology.versions?.[product]).edition]));
}

/** Does the rule belong to the site's edition of its product (and is its product the site's)? */
export function inSiteEdition(rule: Pick<Rule, 'product' | 'editions'>, editions: ReadonlyMap<Product, Edition>): boolean {
  const edition = editions.get(rule.product);
  return edition !== undefined && inEdition(rule, edition);
}

/** Does the rule belong to the edition? A rule without `editions` belongs to every one. */
export function inEdition(rule: Pick<Rule, 'editions'>, edition: Edition): boolean {
  return rule.editions === undefined || rule.editions.includes(edition.id);
}
