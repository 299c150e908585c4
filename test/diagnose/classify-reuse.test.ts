import { describe, expect, it } from 'vitest';
import { chainJudge, classify, type ClassifyContext } from '../../src/diagnose/classify.js';
import { DNS_CASES } from './classify-cases-dns.js';
import { HTTP_CASES, SSH_CASES } from './classify-cases-http.js';
import { PROXY_CASES } from './classify-cases-proxy.js';
import { TCP_CASES } from './classify-cases-tcp.js';
import { TLS_CASES } from './classify-cases-tls.js';
import { NOW, target } from './classify-fixtures.js';

const CASES = [...DNS_CASES, ...HTTP_CASES, ...SSH_CASES, ...PROXY_CASES, ...TCP_CASES, ...TLS_CASES];

describe('classify after the chain judge', () => {
  // The runner judges each step as it arrives, then classifies with the same context, reusing
  // those judgements; a saved report is classified from fresh objects. Both must agree.
  it.each(CASES.map((c) => [c.name, c] as const))('%s: the same finding as from a fresh copy', (_name, c) => {
    const context: ClassifyContext = { proxyConfigured: false, now: NOW, ...c.context };
    const checked = target(c.target);
    const goesOn = chainJudge(checked, context);
    const arrived: (typeof c.steps)[number][] = [];
    for (const step of c.steps) {
      arrived.push(step);
      if (!goesOn(arrived)) break;
    }
    const live = classify(checked, c.steps, context);
    const fresh = classify(target(c.target), structuredClone(c.steps), { ...context });
    expect(live).toEqual(fresh);
    expect(live.status).toBe(c.status);
  });
});
