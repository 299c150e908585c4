import { describe, expect, it } from 'vitest';
import { classify, type ClassifyContext } from '../../src/diagnose/classify.js';
import { continues, type StepResult } from '../../src/probes/index.js';
import type { Target } from '../../src/schema/index.js';
import { DNS_CASES } from './classify-cases-dns.js';
import { HTTP_CASES, SSH_CASES } from './classify-cases-http.js';
import { PROXY_CASES } from './classify-cases-proxy.js';
import { TCP_CASES } from './classify-cases-tcp.js';
import { TLS_CASES } from './classify-cases-tls.js';
import { NOW, target } from './classify-fixtures.js';

const CASES = [...DNS_CASES, ...HTTP_CASES, ...SSH_CASES, ...PROXY_CASES, ...TCP_CASES, ...TLS_CASES];

/** The steps as the probes write them for this target: the DNS probe records a site-owned name. */
function asProbed(steps: readonly StepResult[], checked: Target): StepResult[] {
  return steps.map((s) => (s.step === 'dns' && checked.siteOwned ? { ...s, evidence: { ...s.evidence, siteOwned: true as const } } : s));
}

/** The steps a live run records: up to and with the first after which `continues` stops the chain. */
function chainOf(steps: readonly StepResult[]): StepResult[] {
  const run: StepResult[] = [];
  for (const step of steps) {
    run.push(step);
    if (!continues(step)) break;
  }
  return run;
}

describe('one-engine 2: the chain stops where the classifier stops', () => {
  // Every classifier case, cut where the pure rule stops the chain, for a live target and a
  // retired one: the classifier gives the cut chain the finding it gives the whole one.
  for (const retired of [false, true]) {
    it.each(CASES.map((c) => [c.name, c] as const))(`%s${retired ? ' (retired)' : ''}: same status and cause from the chain the rule runs`, (_name, c) => {
      const context: ClassifyContext = { proxyConfigured: false, now: NOW, ...c.context };
      const checked = target({ ...c.target, retired });
      const steps = asProbed(c.steps, checked);
      const whole = classify(checked, steps, context);
      const cut = classify(checked, chainOf(steps), context);
      expect({ status: cut.status, cause: cut.cause }).toEqual({ status: whole.status, cause: whole.cause });
      if (!retired) expect(whole.status).toBe(c.status);
      else if (c.status === 'fail') expect(whole.status).toBe('warn');
    });
  }
});
