// Issue 21's check, "containerd is the judge": for each site, a real containerd fetches the image
// (`ctr images pull`) and netreq checks the same image with
// `--image`; netreq's verdict on the pull must be containerd's outcome, and its finding must name
// the host and the cause. This file: the registry's own behaviour and a layer host that is cut off.
import { expect, it } from 'vitest';
import { describeWithDeps } from '../harness/deps.js';
import { applyNftRules } from '../harness/nft.js';
import { discoveredFinding, findingText, imageFinding, netreqPassed, verdictLine } from '../harness/pull-judge.js';
import { ADDRESSES, IMAGES, NAMES, startPullSite, type PullSite } from '../harness/pull-site.js';
import { REGISTRY_BIN } from '../harness/registry.js';
import { useNamespace } from '../harness/use-namespace.js';

const BINS = [REGISTRY_BIN, 'containerd', 'ctr', 'ip', 'nft', 'dnsmasq', 'openssl'];

describeWithDeps('follow-the-pull 1: containerd is the judge of netreq\'s pulls (registry and layer host)', BINS, () => {
  const env = useNamespace<{ site: PullSite }>({}, async (ns) => ({ site: await startPullSite(ns) }), 60_000);
  const reject = (address: string, port: number) => applyNftRules(env().ns, [{ address, port, action: 'reject-reset' }]);
  const open = () => applyNftRules(env().ns, []);

  it('follow-the-pull 1: a multi-platform index behind token auth, credentials given: both pull', async () => {
    await open();
    const ctr = await env().site.ctr(IMAGES.index, { user: true });
    const netreq = await env().site.netreq(IMAGES.index, { registryAuth: true });
    const finding = imageFinding(netreq);
    console.log(verdictLine('healthy', ctr, netreq, finding));
    expect({ ctr: ctr.code, stderr: ctr.stderr.slice(-500) }).toMatchObject({ ctr: 0 });
    expect(ctr.stdout).toMatch(/unpacking linux\/amd64 sha256:[0-9a-f]+\.\.\.\s*done/);
    expect(finding).toMatchObject({ status: 'pass', target: { host: NAMES.registry, port: 443 } });
    expect(netreqPassed(finding)).toBe(ctr.code === 0);
    // netreq followed the index to the amd64 manifest, and the layer was sent to the blob host.
    const pull = finding.steps.find((s) => s.step === 'pull');
    expect(JSON.stringify(pull)).toContain(NAMES.blobs);
    expect(discoveredFinding(netreq, NAMES.blobs)?.status).toBe('pass');
  }, 90_000);

  it('follow-the-pull 1: a layer whose bytes are not its digest: both fail, netreq says registry.digest-mismatch', async () => {
    await open();
    const ctr = await env().site.ctr(IMAGES.corrupt, { user: true });
    const netreq = await env().site.netreq(IMAGES.corrupt, { registryAuth: true });
    const finding = imageFinding(netreq);
    console.log(verdictLine('corrupt blob', ctr, netreq, finding));
    expect(ctr.code).not.toBe(0);
    expect(ctr.stderr).toMatch(/digest|unexpected commit/i);
    expect(finding).toMatchObject({ status: 'fail', cause: 'registry.digest-mismatch' });
    expect(netreqPassed(finding)).toBe(ctr.code === 0);
    expect(findingText(finding)).toContain(NAMES.registry);
  }, 90_000);

  it('follow-the-pull 1: credentials needed and not given: ctr fails, netreq warns registry.auth-unverified (not a pass)', async () => {
    await open();
    const ctr = await env().site.ctr(IMAGES.index);
    const netreq = await env().site.netreq(IMAGES.index);
    const finding = imageFinding(netreq);
    console.log(verdictLine('no credentials', ctr, netreq, finding));
    expect(ctr.code).not.toBe(0);
    expect(finding).toMatchObject({ status: 'warn', cause: 'registry.auth-unverified', target: { host: NAMES.registry } });
    expect(netreqPassed(finding)).toBe(ctr.code === 0);
  }, 90_000);

  describe2LayerHost();

  function describe2LayerHost(): void {
    let runs: Promise<{ ctr: Awaited<ReturnType<PullSite['ctr']>>; netreq: Awaited<ReturnType<PullSite['netreq']>> }> | undefined;
    // One pull each with the layer host's port refused, read by the two tests below.
    const layerHostRejected = () => {
      runs ??= (async () => {
        await reject(ADDRESSES.blobs, 80);
        try {
          const ctr = await env().site.ctr(IMAGES.index, { user: true });
          const netreq = await env().site.netreq(IMAGES.index, { registryAuth: true });
          return { ctr, netreq };
        } finally {
          await open();
        }
      })();
      return runs;
    };

    it('follow-the-pull 1: the layer host refused by the firewall: both fail, netreq registry.layer-blocked naming it, its own finding failing', async () => {
      const { ctr, netreq } = await layerHostRejected();
      const finding = imageFinding(netreq);
      console.log(verdictLine('layer host rejected', ctr, netreq, finding));
      expect(ctr.code).not.toBe(0);
      expect(ctr.stderr).toContain(NAMES.blobs);
      expect(finding).toMatchObject({ status: 'fail', cause: 'registry.layer-blocked' });
      expect(netreqPassed(finding)).toBe(ctr.code === 0);
      expect(findingText(finding)).toContain(NAMES.blobs);
      expect(discoveredFinding(netreq, NAMES.blobs)?.status).toBe('fail');
    }, 120_000);

    it('follow-the-pull 1: the layer host no rule lists is reported as pull.discovered, noted registry.discovered-host', async () => {
      const { netreq } = await layerHostRejected();
      const found = discoveredFinding(netreq, NAMES.blobs);
      expect(found).toMatchObject({ ruleIds: ['pull.discovered'], status: 'fail', target: { host: NAMES.blobs, port: 80 } });
      expect(found?.notes.map((n) => n.code)).toContain('registry.discovered-host');
      expect(found?.notes.find((n) => n.code === 'registry.discovered-host')?.text).toContain(NAMES.registry);
    }, 120_000);
  }
});
