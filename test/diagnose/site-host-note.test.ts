// The "add it to NO_PROXY" note follows the one NO_PROXY decision (src/catalog/no-proxy.ts): a
// co-located control plane belongs there, a remote one (reached through the proxy) never does.
import { describe, expect, it } from 'vitest';
import { loadCatalog, select } from '../../src/catalog/index.js';
import { classify } from '../../src/diagnose/classify.js';
import { plan } from '../../src/diagnose/plan.js';
import { topologyFromFlags } from '../../src/topology/index.js';
import { head, NOW, proxy, throughProxy } from './classify-fixtures.js';

const catalog = loadCatalog();
const CONTROL_PLANE = 'runai.corp.example';

function controlPlaneFinding(coLocated: boolean): { notes: string[]; text: string } {
  const topology = topologyFromFlags({ product: ['runai'], role: ['system-node'], 'control-plane': CONTROL_PLANE, ...(coLocated ? { 'co-located': true } : {}) });
  const targets = plan(select(catalog, topology), { httpsProxy: new URL('http://proxy.corp.example:3128'), noProxy: '' });
  const target = targets.find((t) => t.host === CONTROL_PLANE && t.via === 'proxy');
  if (!target) throw new Error(`no proxied target for ${CONTROL_PLANE}`);
  const refused = proxy({ response: head(403, { 'x-squid-error': 'ERR_ACCESS_DENIED 0' }, 'ERROR: Access Denied'), proxyError: 'ERR_ACCESS_DENIED 0' });
  const finding = classify(target, [...throughProxy(CONTROL_PLANE).slice(0, 2), refused], { proxyConfigured: true, proxy: 'http://proxy.corp.example:3128', now: NOW });
  return { notes: finding.notes.map((n) => n.code), text: finding.notes.map((n) => n.text).join(' ') };
}

describe('the proxy.site-host note and NO_PROXY', () => {
  it('field-ready 20: a co-located control plane refused by the proxy is said to belong in NO_PROXY', () => {
    const { notes, text } = controlPlaneFinding(true);
    expect(notes).toContain('proxy.site-host');
    expect(text).toContain('NO_PROXY');
  });

  it('field-ready 20: a remote control plane refused by the proxy is never said to belong in NO_PROXY', () => {
    const { notes, text } = controlPlaneFinding(false);
    expect(notes).not.toContain('proxy.site-host');
    expect(text).not.toContain('NO_PROXY');
  });
});
