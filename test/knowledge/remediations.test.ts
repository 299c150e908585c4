import { describe, expect, it } from 'vitest';
import { explain, explainNote, fillTemplate, loadRemediations, parseRemediations, placeholdersOf, PLACEHOLDERS, REMEDIATIONS_FILE } from '../../src/knowledge/index.js';
import { ADDED_CODES, DESIGN_CODES } from './design-codes.js';

const table = loadRemediations();

/** A value for every placeholder, as evidence would give them. */
const SAMPLE: Record<string, string> = Object.fromEntries(Object.keys(PLACEHOLDERS).map((name) => [name, `<${name}>`]));

describe('catalog/remediations.yaml', () => {
  it('loads without issues', () => {
    expect(table.issues).toEqual([]);
  });

  it('has an entry for every code of DESIGN.md and every code the classifier adds', () => {
    const missing = [...DESIGN_CODES, ...ADDED_CODES].filter((code) => !table.entries.has(code));
    expect(missing).toEqual([]);
  });

  it('uses only known placeholders', () => {
    const unknown: string[] = [];
    for (const [code, entry] of table.entries) {
      const texts = [entry.title, entry.explanation, entry.remediation, entry.verify, entry.note ?? ''];
      for (const variant of Object.values(entry.variants)) texts.push(...Object.values(variant).filter((t): t is string => t !== undefined));
      for (const name of texts.flatMap(placeholdersOf)) if (!(name in PLACEHOLDERS)) unknown.push(`${code}: {${name}}`);
    }
    expect(unknown).toEqual([]);
  });

  it('fills every placeholder of every code and variant from sample facts', () => {
    for (const [code, entry] of table.entries) {
      for (const variant of [undefined, ...Object.keys(entry.variants)]) {
        const facts = variant !== undefined ? { ...SAMPLE, variant } : SAMPLE;
        const texts = explain(code, facts, table);
        for (const text of [...Object.values(texts), explainNote(code, facts, table)]) {
          expect(text, `${code} ${variant ?? ''}`).not.toMatch(/\{[A-Za-z]+\}/);
        }
        expect(texts.explanation.length).toBeGreaterThan(20);
      }
    }
  });

  it('leaves no placeholder even without any evidence', () => {
    for (const code of table.entries.keys()) {
      for (const text of Object.values(explain(code, {}, table))) expect(text, code).not.toMatch(/\{[A-Za-z]+\}/);
    }
  });

  it('has a by-hand command for each code', () => {
    const tools = /^(curl|openssl|dig|nc|ssh|date|netreq|crictl|ping|systemctl) /;
    for (const [code, entry] of table.entries) expect(entry.verify, code).toMatch(tools);
  });

  it('picks the variant the facts name', () => {
    const facts = { host: 'r.example.com', proxy: 'http://p:3128', authSchemes: 'NTLM, Negotiate', variant: 'ntlm-only' };
    expect(explain('proxy.auth-required', facts, table).explanation).toContain('containerd');
    expect(explain('proxy.auth-required', { ...facts, variant: 'no-credentials' }, table).explanation).not.toContain('containerd');
  });
});

describe('loading errors name the file and the code', () => {
  it('reports a bad entry and keeps the good ones', () => {
    const text = ['dns.nxdomain:', '  title: t', '  explanation: e', '  verify: dig {host}', 'dns.servfail:', '  title: t', '  explanation: e', '  remediation: r', '  verify: dig {host}'].join('\n');
    const result = parseRemediations({ path: REMEDIATIONS_FILE, text });
    expect(result.entries.has('dns.servfail')).toBe(true);
    expect(result.entries.has('dns.nxdomain')).toBe(false);
    expect(result.issues).toHaveLength(1);
    expect(result.issues[0]).toMatchObject({ file: REMEDIATIONS_FILE, code: 'dns.nxdomain' });
    expect(result.issues[0]?.message).toContain('dns.nxdomain.remediation');
  });

  it('reports a key that is not a code', () => {
    const result = parseRemediations({ path: 'catalog/remediations.yaml', text: 'Not A Code:\n  title: t\n' });
    expect(result.issues[0]).toMatchObject({ file: 'catalog/remediations.yaml', code: 'Not A Code' });
  });

  it('reports YAML that does not parse, and a file that is not a mapping', () => {
    expect(parseRemediations({ path: 'x.yaml', text: 'a: [1, 2' }).issues[0]?.message).toMatch(/not valid YAML/);
    expect(parseRemediations({ path: 'x.yaml', text: '- a\n- b\n' }).issues[0]?.file).toBe('x.yaml');
  });

  it('reports a missing file', () => {
    expect(loadRemediations([]).issues[0]).toMatchObject({ file: REMEDIATIONS_FILE, message: 'missing' });
  });
});

describe('fillTemplate', () => {
  it('strips control characters and escapes from untrusted facts', () => {
    const out = fillTemplate('page "{title}"', { title: 'Blocked\u001b[31m\u0007\r\nby policy' });
    expect(out).toBe('page "Blocked by policy"');
  });

  it('uses stand-in words for missing facts and keeps empty facts empty', () => {
    expect(fillTemplate('dig {digServer}{host} A', { host: 'a.example.com', digServer: '' })).toBe('dig a.example.com A');
    expect(fillTemplate('{issuer}', {})).toBe(PLACEHOLDERS['issuer']);
  });

  it('explains an unknown code honestly', () => {
    const texts = explain('foo.bar', { host: 'a.example.com', port: '443' }, { entries: new Map(), issues: [] });
    expect(texts.explanation).toContain('foo.bar');
  });
});
