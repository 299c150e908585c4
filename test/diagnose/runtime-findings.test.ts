import { describe, expect, it } from 'vitest';
import { explain } from '../../src/knowledge/index.js';
import { type RuntimeProxy } from '../../src/report/index.js';
import { missingNoProxy, runtimeProxyFindings } from '../../src/diagnose/index.js';

function runtime(name: RuntimeProxy['name'], effective: RuntimeProxy['effective'], present = true): RuntimeProxy {
  return { name, present, evidence: present ? [`/usr/lib/systemd/system/${name}.service`] : [], sources: [], effective };
}

const PROXY = 'http://svc:S3cretPlanted@proxy.corp.example:3128';
const DIRECT = ['runai.corp.example', 'bcm-head-01.corp.example', '10.0.0.5'];
const GOOD_NO_PROXY = '.corp.example,10.0.0.0/24';

interface Row {
  readonly name: string;
  readonly runtimes: readonly RuntimeProxy[];
  readonly proxy: { httpsProxy?: string; noProxy: string };
  /** [runtime, status, cause, host:port] */
  readonly expected: readonly (readonly [string, string, string, string])[];
}

const ROWS: readonly Row[] = [
  { name: 'containerd without a proxy while the run needed one', runtimes: [runtime('containerd', {})], proxy: { httpsProxy: PROXY, noProxy: '' },
    expected: [['runtime.containerd', 'fail', 'runtime.proxy-missing', 'proxy.corp.example:3128']] },
  { name: 'HTTP_PROXY alone does not serve https registries', runtimes: [runtime('containerd', { httpProxy: 'http://proxy.corp.example:3128', noProxy: GOOD_NO_PROXY })], proxy: { httpsProxy: PROXY, noProxy: '' },
    expected: [['runtime.containerd', 'fail', 'runtime.proxy-missing', 'proxy.corp.example:3128']] },
  { name: 'the same proxy (credentials aside) and a complete NO_PROXY: nothing to say', runtimes: [runtime('kubelet', { httpsProxy: 'http://svc:***@proxy.corp.example:3128', noProxy: GOOD_NO_PROXY })], proxy: { httpsProxy: PROXY, noProxy: '.corp.example' },
    expected: [] },
  { name: 'another proxy', runtimes: [runtime('docker', { httpsProxy: 'http://old-proxy:8080', noProxy: GOOD_NO_PROXY })], proxy: { httpsProxy: PROXY, noProxy: '' },
    expected: [['runtime.docker', 'warn', 'runtime.proxy-differs', 'old-proxy:8080']] },
  { name: 'a NO_PROXY without the control plane nor the node network', runtimes: [runtime('kubelet', { httpsProxy: 'http://proxy.corp.example:3128', noProxy: 'bcm-head-01.corp.example' })], proxy: { httpsProxy: PROXY, noProxy: '' },
    expected: [['runtime.kubelet', 'warn', 'runtime.no-proxy-incomplete', 'runai.corp.example:443']] },
  { name: 'a NO_PROXY without an entry of the run\'s NO_PROXY', runtimes: [runtime('containerd', { httpsProxy: 'http://proxy.corp.example:3128', noProxy: '.corp.example,10.0.0.5' })], proxy: { httpsProxy: PROXY, noProxy: '.corp.example,.lab.example' },
    expected: [['runtime.containerd', 'warn', 'runtime.no-proxy-incomplete', '.lab.example:443']] },
  { name: 'a run that went direct while containerd uses a proxy', runtimes: [runtime('containerd', { httpsProxy: 'http://proxy.corp.example:3128' })], proxy: { noProxy: '' },
    expected: [['runtime.containerd', 'warn', 'runtime.proxy-differs', 'proxy.corp.example:3128']] },
  { name: 'a run that went direct and no runtime proxy', runtimes: [runtime('containerd', {})], proxy: { noProxy: '' }, expected: [] },
  { name: 'a runtime that is not installed says nothing', runtimes: [runtime('docker', {}, false)], proxy: { httpsProxy: PROXY, noProxy: '' }, expected: [] },
  { name: 'several services, each judged', runtimes: [runtime('containerd', {}), runtime('kubelet', { httpsProxy: 'http://proxy.corp.example:3128', noProxy: GOOD_NO_PROXY })], proxy: { httpsProxy: PROXY, noProxy: '' },
    expected: [['runtime.containerd', 'fail', 'runtime.proxy-missing', 'proxy.corp.example:3128']] },
];

describe('runtimeProxyFindings', () => {
  it.each(ROWS)('$name', ({ runtimes, proxy, expected }) => {
    const findings = runtimeProxyFindings({ runtimes, proxy, direct: DIRECT, explain });
    expect(findings.map((f) => [f.ruleIds[0], f.status, f.cause, `${f.target.host}:${f.target.port}`])).toEqual(expected);
    for (const f of findings) {
      expect(f.explanation).toBeTruthy();
      expect(f.remediation).toMatch(/systemctl daemon-reload && systemctl restart (containerd|kubelet|docker)/);
      expect(JSON.stringify(f)).not.toContain('S3cretPlanted');
      expect(JSON.stringify(f)).not.toMatch(/\{[a-zA-Z]+\}/);
    }
  });

  it('the remediation is the drop-in to write, with the run\'s proxy (password masked) and a NO_PROXY that covers the site', () => {
    const [f] = runtimeProxyFindings({ runtimes: [runtime('containerd', {})], proxy: { httpsProxy: PROXY, noProxy: '.corp.example' }, direct: DIRECT, explain });
    expect(f?.remediation).toContain('/etc/systemd/system/containerd.service.d/http-proxy.conf');
    expect(f?.remediation).toContain('HTTPS_PROXY=http://svc:***@proxy.corp.example:3128');
    expect(f?.remediation).toMatch(/NO_PROXY=\.corp\.example,runai\.corp\.example,bcm-head-01\.corp\.example,10\.0\.0\.5,localhost/);
    expect(f?.explanation).toContain('proves nothing about image pulls');
  });

  it('missingNoProxy uses Go\'s NO_PROXY semantics', () => {
    expect(missingNoProxy('.corp.example,10.0.0.0/24', '', ['a.corp.example', '10.0.0.9', '10.1.0.1'])).toEqual(['10.1.0.1']);
    expect(missingNoProxy('*', 'x.example,10.0.0.0/8', ['anything'])).toEqual([]);
    expect(missingNoProxy(undefined, 'corp.example,10.0.0.0/8', [])).toEqual(['corp.example', '10.0.0.0/8']);
  });
});
