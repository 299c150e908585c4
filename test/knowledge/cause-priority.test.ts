// The primary cause is the one that matters most, by an order written down as data with its reasoning
// (catalog/knowledge/cause-priority.yaml), not the first step that noticed something.
import { describe, expect, it } from 'vitest';
import { classify } from '../../src/diagnose/index.js';
import { dataFiles } from '../../src/data/embedded.js';
import { CAUSE_CODES, CAUSE_PRIORITY_FILE, KnowledgeDataError, parseKnowledgeData } from '../../src/knowledge/index.js';
import { answers, cert, directTo, dnsOk, head, http, NOW, target, tcp, attempt, tls } from '../diagnose/classify-fixtures.js';

const files = dataFiles('catalog');

function withPriority(edit: (text: string) => string): ReturnType<typeof dataFiles> {
  // Without the embedded pre-parsed value: the edited text is what is read.
  return files.map((file) => (file.path === CAUSE_PRIORITY_FILE ? { path: file.path, text: edit(file.text) } : file));
}

function errorOf(run: () => unknown): string {
  try {
    run();
  } catch (error: unknown) {
    if (error instanceof KnowledgeDataError) return error.message;
    throw error;
  }
  throw new Error('expected a KnowledgeDataError');
}

const INSPECTION = 'CN=Corp Inspection CA,O=Corp';
const interceptChain = [cert({ issuer: INSPECTION }), cert({ subject: INSPECTION, issuer: INSPECTION, selfIssued: true })];
const HOST = 'registry.example.com';
// Three problems on one target: the resolvers disagree (a warning at DNS), a CA trusted only here
// anchors the chain (a warning at TLS), the registry answers 429 (a warning at HTTP).
const steps = [
  dnsOk(HOST, ['203.0.113.10'], [...answers('10.0.0.2', 'NOERROR', ['203.0.113.10']), ...answers('10.0.0.3', 'NXDOMAIN')]),
  tcp([attempt('203.0.113.10', 'connected')]),
  tls({ chain: interceptChain, trust: 'extra', anchor: INSPECTION }),
  http(head(429, { 'retry-after': '60' }), { check: 'registry-v2' }),
];

describe('one-engine 5 / diagnosis 2: the cause order is data', () => {
  it('lists every cause code of catalog/remediations.yaml exactly once, each group with its reasoning', () => {
    const rank = parseKnowledgeData(files).causeRank;
    expect([...rank.keys()].sort()).toEqual([...CAUSE_CODES].sort());
  });

  it('a trusted inspection CA outranks resolvers that disagree and a 429; the others stay as notes with their codes', () => {
    const finding = classify(target({ host: HOST, check: 'registry-v2' }), steps, { proxyConfigured: false, now: NOW });
    expect({ status: finding.status, cause: finding.cause }).toEqual({ status: 'warn', cause: 'tls.intercepted' });
    expect(finding.notes.map((n) => n.code)).toEqual(expect.arrayContaining(['dns.mismatch', 'http.rate-limited']));
  });

  it('the order, not the step that noticed first, decides: moving the 429 up makes it the primary cause', () => {
    const knowledge = parseKnowledgeData(withPriority((text) => text.replace('  causes: [http.rate-limited, tcp.family-partial, dns.resolver-slow, registry.rate-limit-low]', '  causes: [tcp.family-partial, dns.resolver-slow, registry.rate-limit-low]').replace('unfinished:\n', 'most-urgent:\n  why: a test puts the rate limit first.\n  causes: [http.rate-limited]\nunfinished:\n')));
    const finding = classify(target({ host: HOST, check: 'registry-v2' }), steps, { proxyConfigured: false, now: NOW, knowledge });
    expect(finding.cause).toBe('http.rate-limited');
    expect(finding.notes.map((n) => n.code)).toEqual(expect.arrayContaining(['tls.intercepted', 'dns.mismatch']));
  });

  it('a failure stays a failure whichever cause the order puts first', () => {
    const knowledge = parseKnowledgeData(withPriority((text) => text.replace('    - tls.intercepted\n', '').replace('unfinished:\n', 'most-urgent:\n  why: a test puts interception first.\n  causes: [tls.intercepted]\nunfinished:\n')));
    const failing = [...directTo(HOST), tls({ chain: interceptChain, trust: 'extra', anchor: INSPECTION }), http(head(403, { 'content-type': 'text/html' }, 'Access denied by the web filter'), { check: 'registry-v2' })];
    const finding = classify(target({ host: HOST, check: 'registry-v2' }), failing, { proxyConfigured: false, now: NOW, knowledge });
    expect({ status: finding.status, cause: finding.cause }).toEqual({ status: 'fail', cause: 'tls.intercepted' });
    expect(finding.notes.map((n) => n.code)).toContain('http.blocked');
  });

  it('a bad order file stops the run naming the file, the key and what was expected', () => {
    expect(errorOf(() => parseKnowledgeData(withPriority((text) => text.replace('[http.rate-limited, tcp.family-partial', '[http.rate-limitd, tcp.family-partial'))))).toMatch(/cause-priority\.yaml.*bites-under-load\.causes\.0: 'http\.rate-limitd' is not a cause code/s);
    expect(errorOf(() => parseKnowledgeData(withPriority((text) => `${text}\nagain:\n  why: twice.\n  causes: [tcp.refused]\n`)))).toMatch(/again\.causes: tcp\.refused is listed twice/);
    expect(errorOf(() => parseKnowledgeData(withPriority((text) => `${text}\nno-reason:\n  causes: [tcp.refused]\n`)))).toMatch(/no-reason\.why: expected the reasoning/);
  });
});
