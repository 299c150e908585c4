// Issue 21's check, "containerd is the judge", on the route: the container runtime's proxy (its
// systemd drop-in, which `ctr` is given as the service would have it in its environment) and what
// lies on the way: a proxy filtering layer paths, a firewall letting only the proxy out, NO_PROXY
// sending the registry direct, a path-MTU black hole before the layer host. netreq's verdict on the
// pull must be containerd's outcome, and its finding must name the host and the cause.
import { expect, it } from 'vitest';
import { describeWithDeps } from '../harness/deps.js';
import { dropLargePackets } from '../harness/nft.js';
import { liftLargePacketDrop, refuseDirectExceptProxy } from '../harness/nft-owner.js';
import { discoveredFinding, findingText, imageFinding, netreqPassed, reportOf, verdictLine } from '../harness/pull-judge.js';
import { ADDRESSES, IMAGES, NAMES, startPullSite, type PullSite } from '../harness/pull-site.js';
import { REGISTRY_BIN } from '../harness/registry.js';
import { startSquid, type Squid } from '../harness/squid.js';
import { useNamespace } from '../harness/use-namespace.js';

const BINS = [REGISTRY_BIN, 'containerd', 'ctr', 'ip', 'nft', 'dnsmasq', 'squid', 'openssl'];
const PROXY_ADDRESS = '198.51.100.3';
/** containerd gives up on nothing: a stalled download is killed at this bound and counts as a failure. */
const CTR_BOUND_MS = 20_000;

interface Site {
  readonly site: PullSite;
  /** A forward proxy that tunnels (CONNECT) and forwards. */
  readonly proxy: Squid;
  /** A bumping proxy that answers 403 for the blob paths (`/v2/NAME/blobs/DIGEST`) and lets the rest through. */
  readonly filter: Squid;
}

/** The proxy variables of containerd's service (and so of its pulls). */
const proxyEnv = (url: string, noProxy?: string): Record<string, string> => ({
  HTTPS_PROXY: url,
  HTTP_PROXY: url,
  ...(noProxy !== undefined ? { NO_PROXY: noProxy } : {}),
});

describeWithDeps('follow-the-pull 4: containerd is the judge of netreq\'s pulls (the runtime\'s route)', BINS, () => {
  const env = useNamespace<Site>({}, async (ns) => {
    const site = await startPullSite(ns);
    const proxy = await startSquid(ns, { listen: PROXY_ADDRESS, port: 3128 });
    const filter = await startSquid(ns, {
      listen: PROXY_ADDRESS,
      port: 3129,
      bump: true,
      upstreamCaFile: site.ca.certPath,
      extra: ['acl layer_paths urlpath_regex ^/v2/.+/blobs/', 'http_access deny layer_paths'],
    });
    return { site, proxy, filter };
  }, 90_000);

  it('follow-the-pull 4: a proxy that refuses layer paths (403 for /v2/NAME/blobs/DIGEST): both fail, netreq registry.layer-filtered on the registry', async () => {
    const { site, filter } = env();
    const caFile = filter.bumpCa?.certPath ?? '';
    const ctr = await site.ctr(IMAGES.index, { user: true, env: proxyEnv(filter.url), extraCa: caFile });
    const netreq = await site.netreq(IMAGES.index, { registryAuth: true, dropIn: proxyEnv(filter.url), extra: ['--ca-file', caFile] });
    const finding = imageFinding(netreq);
    console.log(verdictLine('layer paths filtered', ctr, netreq, finding));
    expect(ctr.code).not.toBe(0);
    expect(ctr.stderr).toMatch(/403|forbidden/i);
    expect(finding).toMatchObject({ status: 'fail', cause: 'registry.layer-filtered', target: { host: NAMES.registry, via: 'proxy' } });
    expect(netreqPassed(finding)).toBe(ctr.code === 0);
    expect(findingText(finding)).toContain('403');
    expect(await filter.accessLog()).toMatch(/TCP_DENIED\/403 \d+ GET https:\/\/registry\.site\.internal\/v2\/netreq\/app\/blobs\//);
  }, 120_000);

  it('follow-the-pull 4: only the runtime has a proxy and only the proxy may leave: ctr pulls through it, netreq passes on the runtime\'s route', async () => {
    const { ns, site, proxy } = env();
    const block = await refuseDirectExceptProxy(ns, ADDRESSES.registry, 443);
    try {
      // The shell has no proxy: direct, the registry is refused (the rule is real).
      const direct = await site.ctr(IMAGES.index, { user: true });
      expect(direct.code).not.toBe(0);
      const ctr = await site.ctr(IMAGES.index, { user: true, env: proxyEnv(proxy.url) });
      const netreq = await site.netreq(IMAGES.index, { registryAuth: true, dropIn: proxyEnv(proxy.url) });
      const finding = imageFinding(netreq);
      console.log(verdictLine('runtime proxy only', ctr, netreq, finding));
      expect({ code: ctr.code, stderr: ctr.stderr.slice(-400) }).toMatchObject({ code: 0 });
      expect(finding).toMatchObject({ status: 'pass', target: { host: NAMES.registry, via: 'proxy' } });
      expect(netreqPassed(finding)).toBe(ctr.code === 0);
      expect(finding.notes.map((n) => n.code)).toContain('runtime.route-differs');
      expect(await proxy.accessLog()).toContain(`CONNECT ${NAMES.registry}:443`);
    } finally {
      await block.lift();
    }
  }, 120_000);

  it('follow-the-pull 4: the runtime\'s NO_PROXY sends the registry direct, and direct is refused: both fail, netreq proxy.bypassed on the registry', async () => {
    const { ns, site, proxy } = env();
    const block = await refuseDirectExceptProxy(ns, ADDRESSES.registry, 443);
    try {
      const service = proxyEnv(proxy.url, NAMES.registry);
      const ctr = await site.ctr(IMAGES.index, { user: true, env: service });
      const netreq = await site.netreq(IMAGES.index, { registryAuth: true, dropIn: service });
      const finding = imageFinding(netreq);
      console.log(verdictLine('runtime NO_PROXY direct', ctr, netreq, finding));
      expect(ctr.code).not.toBe(0);
      expect(ctr.stderr).toMatch(/connection refused/);
      expect(finding).toMatchObject({ status: 'fail', cause: 'proxy.bypassed', target: { host: NAMES.registry, via: 'direct' } });
      expect(netreqPassed(finding)).toBe(ctr.code === 0);
      expect(finding.notes.map((n) => n.code)).toContain('tcp.refused');
    } finally {
      await block.lift();
    }
  }, 120_000);

  it('follow-the-pull 4: the runtime\'s NO_PROXY sends the layer host direct, and direct is refused: both fail, its discovered finding says proxy.bypassed', async () => {
    const { ns, site, proxy } = env();
    const block = await refuseDirectExceptProxy(ns, ADDRESSES.blobs, 80);
    try {
      const service = proxyEnv(proxy.url, NAMES.blobs);
      const ctr = await site.ctr(IMAGES.index, { user: true, env: service });
      const netreq = await site.netreq(IMAGES.index, { registryAuth: true, dropIn: service });
      const finding = imageFinding(netreq);
      console.log(verdictLine('runtime NO_PROXY layer host direct', ctr, netreq, finding));
      expect(ctr.code).not.toBe(0);
      expect(ctr.stderr).toContain(NAMES.blobs);
      expect(finding).toMatchObject({ status: 'fail', cause: 'registry.layer-blocked', target: { host: NAMES.registry, via: 'proxy' } });
      expect(findingText(finding)).toContain(NAMES.blobs);
      expect(netreqPassed(finding)).toBe(ctr.code === 0);
      expect(discoveredFinding(netreq, NAMES.blobs)).toMatchObject({ status: 'fail', cause: 'proxy.bypassed', target: { via: 'direct' } });
    } finally {
      await block.lift();
    }
  }, 120_000);

  it('follow-the-pull 4: a path-MTU black hole before the layer host: containerd stalls until killed, netreq says registry.layer-stalled far sooner', async () => {
    const { ns, site } = env();
    await dropLargePackets(ns, ADDRESSES.blobs, 1200);
    try {
      const [ctr, netreq] = await Promise.all([
        site.ctr(IMAGES.index, { user: true, timeoutMs: CTR_BOUND_MS }),
        site.netreq(IMAGES.index, { registryAuth: true }),
      ]);
      const finding = imageFinding(netreq);
      console.log(verdictLine('MTU black hole', ctr, netreq, finding));
      // A stall that outlives the bound is containerd's failure.
      expect(ctr.code === 0 && !ctr.timedOut).toBe(false);
      expect(ctr.timedOut).toBe(true);
      expect(finding).toMatchObject({ status: 'fail', cause: 'registry.layer-stalled' });
      expect(netreqPassed(finding)).toBe(false);
      expect(findingText(finding)).toContain(NAMES.blobs);
      expect(netreq.ms).toBeLessThan(CTR_BOUND_MS / 2);
      expect(reportOf(netreq).interrupted).toBe(false);
    } finally {
      await liftLargePacketDrop(ns);
    }
  }, 120_000);
});
