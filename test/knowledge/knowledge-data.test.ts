import { describe, expect, it } from 'vitest';
import { dataFiles, type DataFile } from '../../src/data/embedded.js';
import { classify } from '../../src/diagnose/classify.js';
import {
  CONNECT_ERRNOS_FILE,
  defaultKnowledge,
  fillTemplate,
  KnowledgeDataError,
  parseKnowledgeData,
  PLACEHOLDERS_FILE,
  SQUID_ERRORS_FILE,
} from '../../src/knowledge/index.js';
import { head, NOW, proxy, target, throughProxy } from '../diagnose/classify-fixtures.js';

const CONTEXT = { proxyConfigured: true, proxy: 'http://proxy.corp.example:3128', now: NOW };

/** The project's catalog files with one of them extended (or replaced) by `text`. */
function withFile(path: string, text: (original: string) => string): DataFile[] {
  return dataFiles('catalog').map((file) => (file.path === path ? { path, text: text(file.text) } : file));
}

/** A proxy's refusal carrying a squid error name, as the probe records it. */
function refusedWith(error: string, status: number) {
  return [...throughProxy('registry.example.com').slice(0, 2), proxy({ response: head(status, { 'x-squid-error': error }), proxyError: error })];
}

function errorMessage(run: () => unknown): string {
  try {
    run();
  } catch (error: unknown) {
    return error instanceof Error ? error.message : String(error);
  }
  return '';
}

describe('catalog/knowledge: the classifier\'s knowledge as data', () => {
  it('one-engine 6: a squid error name added to squid-errors.yaml changes the judgement', () => {
    // ERR_ESI holds no word the token heuristics know: by the status alone, a 403 is a refusal.
    const steps = refusedWith('ERR_ESI 0', 403);
    const before = classify(target({ via: 'proxy' }), steps, { ...CONTEXT, knowledge: parseKnowledgeData(dataFiles('catalog')) });
    expect(before.cause).toBe('proxy.denied');
    const extended = parseKnowledgeData(withFile(SQUID_ERRORS_FILE, (text) => `${text}ERR_ESI: proxy.upstream-failed\n`));
    const after = classify(target({ via: 'proxy' }), steps, { ...CONTEXT, knowledge: extended });
    expect(after.cause).toBe('proxy.upstream-failed');
  });

  it('one-engine 6: an errno sentence added to connect-errnos.yaml reaches the explanation', () => {
    const steps = refusedWith('ERR_CONNECT_FAIL 112', 503);
    const before = classify(target({ via: 'proxy' }), steps, { ...CONTEXT, knowledge: defaultKnowledge() });
    expect(before.explanation).not.toContain('EHOSTDOWN');
    const extended = parseKnowledgeData(withFile(CONNECT_ERRNOS_FILE, (text) => `${text}"112": errno 112 is EHOSTDOWN, the destination host is down\n`));
    const after = classify(target({ via: 'proxy' }), steps, { ...CONTEXT, knowledge: extended });
    expect(after.cause).toBe('proxy.upstream-failed');
    expect(after.explanation).toContain('errno 112 is EHOSTDOWN, the destination host is down');
  });

  it('one-engine 6: the shipped data gives the judgements the classifier gave from its own tables', () => {
    const knowledge = defaultKnowledge();
    expect(knowledge.squidErrors.get('ERR_CACHE_ACCESS_DENIED')).toBe('proxy.auth-required');
    expect(knowledge.squidErrors.get('ERR_DNS_FAIL')).toBe('proxy.dns-failed');
    expect(knowledge.connectErrnos.get('111')).toContain('ECONNREFUSED');
    // A placeholder's stand-in words come from placeholders.yaml; an empty one drops the placeholder.
    expect(fillTemplate('curl -v {curlProxy}{url} via {proxy}', {})).toBe('curl -v the service URL via the proxy');
    expect(knowledge.placeholders['constructor']).toBeUndefined();
  });

  it('one-engine 6: a bad data file is refused with its path, the key, and what was expected', () => {
    const bad = withFile(SQUID_ERRORS_FILE, (text) => `${text}ERR_SOMETHING: proxy.maybe\nerr_lower: proxy.denied\n`);
    const message = errorMessage(() => parseKnowledgeData(bad));
    // The line is the entry's: the shipped file's lines, then the two added.
    const lines = dataFiles('catalog').find((file) => file.path === SQUID_ERRORS_FILE)?.text.split('\n').length ?? 0;
    expect(message).toContain(`${SQUID_ERRORS_FILE}:${lines}: ERR_SOMETHING: expected one of proxy.denied, proxy.auth-required, proxy.dns-failed, proxy.upstream-failed`);
    expect(message).toContain(`${SQUID_ERRORS_FILE}:${lines + 1}: err_lower: expected a squid error name in capitals`);

    const errnos = errorMessage(() => parseKnowledgeData(withFile(CONNECT_ERRNOS_FILE, () => '"110": ""\nETIMEDOUT: a sentence\n')));
    expect(errnos).toContain(`${CONNECT_ERRNOS_FILE}:1: 110: expected a sentence explaining the errno`);
    expect(errnos).toContain(`${CONNECT_ERRNOS_FILE}:2: ETIMEDOUT: expected an errno number`);

    const words = errorMessage(() => parseKnowledgeData(withFile(PLACEHOLDERS_FILE, () => 'host: [a, b]\n')));
    expect(words).toContain(`${PLACEHOLDERS_FILE}:1: host: expected the stand-in words`);

    const list = errorMessage(() => parseKnowledgeData(withFile(PLACEHOLDERS_FILE, () => '- host\n')));
    expect(list).toContain(`${PLACEHOLDERS_FILE}: expected a mapping from placeholder name to its stand-in words`);

    const missing = dataFiles('catalog').filter((file) => file.path !== SQUID_ERRORS_FILE);
    expect(() => parseKnowledgeData(missing)).toThrow(KnowledgeDataError);
    expect(errorMessage(() => parseKnowledgeData(missing))).toContain(`${SQUID_ERRORS_FILE}: missing`);
  });
});
