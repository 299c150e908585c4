import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { z } from 'zod';
import { inEdition, listingFromCatalog, loadCatalog } from '../../src/catalog/index.js';

/**
 * Each edition beyond the reference documents is held against a table of facts written from the
 * vendor's pages (test/catalog/edition-facts/EDITION.yaml): one row per documented host and port,
 * naming its page and the row or section it comes from. A rule change that drops one fails here.
 */
const FACTS = join(import.meta.dirname, 'edition-facts');

const Fact = z.object({
  host: z.string().min(1),
  port: z.union([z.number(), z.string()]),
  direction: z.enum(['outbound', 'inbound', 'internal']),
  from: z.array(z.string()).optional(),
  page: z.string().regex(/^https:\/\//, 'the page URL the fact comes from'),
  section: z.string().min(1),
}).passthrough();
const FactFile = z.array(Fact).min(1);

const factFiles = existsSync(FACTS) ? readdirSync(FACTS).filter((f) => f.endsWith('.yaml')).sort() : [];

describe('each new edition against its fact table', () => {
  const catalog = loadCatalog();
  it('edition-facts: every edition of the catalog beyond the reference documents has a fact table, and every table an edition', () => {
    const editions = Object.values(catalog.editions).flat().map((e) => e.id);
    const reference = new Set(['runai-bcm-guide', 'azureml-arc-reference']);
    const tables = factFiles.map((f) => f.replace(/\.yaml$/, ''));
    expect([...tables].sort()).toEqual(editions.filter((id) => !reference.has(id)).sort());
  });

  for (const file of factFiles) {
    const id = file.replace(/\.yaml$/, '');
    it(`edition-facts: ${id} lists every documented host and port of its pages`, () => {
      const facts = FactFile.parse(parse(readFileSync(join(FACTS, file), 'utf8')));
      const entry = Object.entries(catalog.editions).find(([, list]) => list.some((e) => e.id === id));
      expect(entry, `${id} is an edition of catalog/editions.yaml`).toBeDefined();
      const [product, list] = entry ?? ['', []];
      const edition = list.find((e) => e.id === id);
      if (edition === undefined) return;
      const rows = listingFromCatalog(catalog.rules.filter((r) => r.product === product && inEdition(r, edition)), catalog.version).here;
      const listed = new Set(rows.map((r) => `${r.direction} ${r.host}:${r.port}`));
      const missing = facts.filter((f) => !listed.has(`${f.direction} ${f.host}:${String(f.port)}`)).map((f) => `${f.direction} ${f.host}:${String(f.port)} (${f.page} ${f.section})`);
      expect(missing).toEqual([]);
    });
  }
});
