import { tmpdir } from 'node:os';
import { describe, expect, it } from 'vitest';
import { runLimits } from '../../src/cli/commands/check.js';
import { executeScenario } from '../../src/cli/execute-run.js';
import { findScenario } from '../../src/sim/index.js';
import { captureIo, netreq } from './run-scenario.js';

// The air-gapped Harbor scenarios beyond their golden expectations: what the person reads.

const flat = (text: string): string => text.replace(/\s+/g, ' ');

describe('mirrors 2: an air-gapped site with a Harbor mirror, as the demo and the report show it', () => {
  it("mirrors 2: demo airgap-harbor-mirror names the Harbor serving each registry's pulls (from containerd's hosts.toml), passes the local chart repository, and marks the public registries and NGC's Helm repository not needed", async () => {
    const run = await netreq(tmpdir(), ['demo', 'airgap-harbor-mirror', '--no-color']);
    const out = flat(run.stdout);
    for (const registry of ['nvcr.io', 'runai.jfrog.io', 'docker.io']) {
      expect(out).toContain(`harbor.corp.example:443 serves ${registry}'s pulls (configured in /etc/containerd/certs.d/${registry}/hosts.toml:3)`);
    }
    for (const upstream of ['nvcr.io:443', 'runai.jfrog.io:443', 'registry-1.docker.io:443']) {
      expect(out).toContain(`- ${upstream} direct registry.via-mirror`);
    }
    // The site's chart repository in place of NGC's Helm repository.
    expect(out).toContain('- helm.ngc.nvidia.com:443 direct helm.via-site-repo');
    expect(out).toMatch(/✓ charts\.corp\.example:443 direct/);
    expect(out).toMatch(/Summary: 0 fail, 0 warn, 5 pass/);
    expect(run.code).toBe(0);
  });

  it('mirrors 2: airgap-harbor-cert-expired fails each registry at the Harbor for its expired certificate, asking for renewal, not for the closed upstream', async () => {
    const scenario = findScenario('airgap-harbor-cert-expired');
    const { io } = captureIo(tmpdir());
    const { report } = await executeScenario(scenario, {}, runLimits({}, scenario.timeoutMs), io);
    const atHarbor = report.findings.filter((f) => f.target.host === 'harbor.corp.example');
    expect(atHarbor.map((f) => f.basis?.target.mirror?.of).sort()).toEqual(['docker.io', 'nvcr.io', 'runai.jfrog.io']);
    for (const finding of atHarbor) {
      expect(finding.status).toBe('fail');
      expect(flat(finding.explanation ?? '')).toContain('failed in TLS (CERT_HAS_EXPIRED): the certificate harbor.corp.example:443 presents has expired');
      expect(flat(finding.remediation ?? '')).toContain('Ask whoever runs harbor.corp.example:443 to renew its certificate');
      expect(finding.verify).toContain('openssl s_client -connect harbor.corp.example:443');
    }
    // The upstreams are not what failed: the runtime reaches them only through the mirror.
    const upstreams = report.findings.filter((f) => ['nvcr.io', 'runai.jfrog.io', 'registry-1.docker.io'].includes(f.target.host));
    expect(upstreams.map((f) => `${f.status} ${f.cause ?? ''}`)).toEqual(Array(3).fill('skip registry.via-mirror'));
  });
});
