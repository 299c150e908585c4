// squid 5 as a site's forward proxy, driven by curl and by a raw client: the status, the
// X-Squid-Error, the page title and the Proxy-Authenticate header it really sends in each mode.
import { expect, it } from 'vitest';
import {
  applyNftRules,
  describeWithDeps,
  observe,
  proxyRequest,
  startDnsmasq,
  startOrigins,
  startListeners,
  startSquid,
  useNamespace,
  type Netns,
  type ProxyResponse,
} from '../harness/index.js';

const REGISTRY = 'registry-1.docker.io';
const DENIED = 'nvcr.io';

const P = { open: 3128, auth: 3129, allow: 3130, parent: 3131, bump: 3132 } as const;

/** What the classifier needs from a squid answer, without the 3 kB of CSS. */
function summary(r: ProxyResponse): Record<string, unknown> {
  const body = r.body ?? '';
  return {
    statusLine: r.statusLine,
    xSquidError: r.headers?.['x-squid-error'],
    proxyAuthenticate: r.headers?.['proxy-authenticate'],
    server: r.headers?.['server'],
    via: r.headers?.['via'],
    title: r.title,
    bodyId: /<body id=([A-Z_]+)>/.exec(body)?.[1],
    errorText: /<blockquote id="error">\s*<p><b>([^<]+)<\/b>/.exec(body)?.[1],
    ms: r.ms,
  };
}

/** curl through the proxy: the CONNECT answer's code and curl's exit code. */
async function curlVia(ns: Netns, proxy: string, url: string, extra: readonly string[] = []): Promise<{ exit: number | null; connect: string; http: string; stderr: string }> {
  const r = await ns.exec('curl', ['-sS', '-o', '/dev/null', '-w', '%{http_connect} %{http_code}', '--max-time', '15', '-x', proxy, ...extra, url], { timeoutMs: 20_000 });
  const [connect = '', http = ''] = r.stdout.trim().split(' ');
  return { exit: r.code, connect, http, stderr: r.stderr.trim() };
}

describeWithDeps('squid in a namespace', ['ip', 'ss', 'dnsmasq', 'squid', 'openssl', 'curl', 'nft'], () => {
  const env = useNamespace({ resolvOptions: ['timeout:1', 'attempts:1'] }, async (ns) => {
    await startListeners(ns, [{ kind: 'udp-silent', host: '127.0.0.1', port: 5399 }]);
    await startDnsmasq(ns, {
      records: {
        [REGISTRY]: '203.0.113.10',
        [DENIED]: '203.0.113.11',
        'refused.example.com': '203.0.113.20',
        'dropped.example.com': '203.0.113.21',
      },
      nxdomain: ['files.pythonhosted.org'],
      forward: [{ domain: 'slow-dns.example.org', server: '127.0.0.1#5399' }],
    });
    const origins = await startOrigins(ns, {
      sites: [
        { names: [REGISTRY], address: '203.0.113.10' },
        { names: [DENIED], address: '203.0.113.11' },
      ],
    });
    await ns.addAddress('203.0.113.20'); // nothing listens there: the kernel answers RST
    await applyNftRules(ns, [{ address: '203.0.113.21', action: 'drop' }]);
    const [open, auth, allow, parent, bump] = await Promise.all([
      startSquid(ns, { port: P.open, dnsTimeoutSeconds: 2, connectTimeoutSeconds: 2 }),
      startSquid(ns, { port: P.auth, auth: { user: 'alice', password: 's3cret' } }),
      startSquid(ns, { port: P.allow, allowDomains: ['.docker.io'] }),
      startSquid(ns, { port: P.parent, parent: { host: '127.0.0.1', port: 3999 } }),
      startSquid(ns, { port: P.bump, bump: true, upstreamCaFile: origins.ca.certPath }),
    ]);
    return { origins, open, auth, allow, parent, bump };
  });

  it('open: CONNECT and absolute-URI GET reach the origin', async () => {
    const { ns, origins, open } = env();
    const c = await curlVia(ns, open.url, `https://${REGISTRY}/v2/`, ['--cacert', origins.ca.certPath]);
    const raw = await proxyRequest(ns, { proxyPort: P.open, method: 'CONNECT', target: `${REGISTRY}:443` });
    const get = await proxyRequest(ns, { proxyPort: P.open, method: 'GET', target: `http://${REGISTRY}/v2/` });
    observe('squid open', { curl: c, connect: summary(raw), get: { ...summary(get), headers: get.headers } });
    expect(c).toMatchObject({ exit: 0, connect: '200', http: '401' });
    expect(raw.statusLine).toBe('HTTP/1.1 200 Connection established');
    expect(get.status).toBe(401);
    expect(get.headers?.['www-authenticate']).toMatch(/^Bearer realm=/);
    expect(origins.requests().some((r) => r.sni === REGISTRY)).toBe(true);
  });

  it('Basic auth: 407 ERR_CACHE_ACCESS_DENIED without or with wrong credentials, through with them', async () => {
    const { ns, auth } = env();
    const none = await proxyRequest(ns, { proxyPort: P.auth, method: 'CONNECT', target: `${REGISTRY}:443` });
    const wrong = await proxyRequest(ns, { proxyPort: P.auth, method: 'CONNECT', target: `${REGISTRY}:443`, auth: 'alice:nope' });
    const good = await proxyRequest(ns, { proxyPort: P.auth, method: 'CONNECT', target: `${REGISTRY}:443`, auth: 'alice:s3cret' });
    const curlNone = await curlVia(ns, `http://127.0.0.1:${P.auth}`, `https://${REGISTRY}/v2/`);
    const curlGood = await curlVia(ns, auth.url, `https://${REGISTRY}/v2/`, ['-k']);
    observe('squid basic auth', { none: summary(none), wrong: summary(wrong), good: good.statusLine, curlNone, curlGood });
    for (const r of [none, wrong]) {
      expect(r.status).toBe(407);
      expect(r.headers?.['x-squid-error']).toBe('ERR_CACHE_ACCESS_DENIED 0');
      expect(r.headers?.['proxy-authenticate']).toBe('Basic realm="netreq test proxy"');
      expect(r.title).toBe('ERROR: Cache Access Denied');
    }
    expect(good.status).toBe(200);
    expect(curlNone).toMatchObject({ exit: 56, connect: '407' });
    expect(curlGood).toMatchObject({ exit: 0, connect: '200' });
  });

  it('allowlist: a registry host outside it gets 403 ERR_ACCESS_DENIED', async () => {
    const { ns } = env();
    const denied = await proxyRequest(ns, { proxyPort: P.allow, method: 'CONNECT', target: `${DENIED}:443` });
    const deniedGet = await proxyRequest(ns, { proxyPort: P.allow, method: 'GET', target: `http://${DENIED}/v2/` });
    const allowed = await proxyRequest(ns, { proxyPort: P.allow, method: 'CONNECT', target: `${REGISTRY}:443` });
    observe('squid dstdomain allowlist', { denied: summary(denied), deniedGet: summary(deniedGet), allowed: allowed.statusLine });
    expect(denied.status).toBe(403);
    expect(denied.headers?.['x-squid-error']).toBe('ERR_ACCESS_DENIED 0');
    expect(deniedGet.headers?.['x-squid-error']).toBe('ERR_ACCESS_DENIED 0');
    expect(allowed.status).toBe(200);
  });

  it('upstream: a refused, a silent and a dead-parent path each get squid\'s own error', async () => {
    const { ns, parent } = env();
    const refused = await proxyRequest(ns, { proxyPort: P.open, method: 'CONNECT', target: 'refused.example.com:443' });
    const dropped = await proxyRequest(ns, { proxyPort: P.open, method: 'CONNECT', target: 'dropped.example.com:443' });
    const refusedGet = await proxyRequest(ns, { proxyPort: P.open, method: 'GET', target: 'http://refused.example.com/' });
    const viaParent = await proxyRequest(ns, { proxyPort: P.parent, method: 'CONNECT', target: `${REGISTRY}:443` });
    const viaParentGet = await proxyRequest(ns, { proxyPort: P.parent, method: 'GET', target: `http://${REGISTRY}/v2/` });
    const parentLog = (await parent.cacheLog()).split('\n').filter((l) => /DEAD|Parent|peer/i.test(l));
    observe('squid upstream failures', {
      refused: summary(refused),
      dropped: summary(dropped),
      refusedGet: summary(refusedGet),
      viaParent: summary(viaParent),
      viaParentGet: summary(viaParentGet),
      parentLog,
    });
    expect(refused.status).toBe(503);
    expect(refused.headers?.['x-squid-error']).toBe('ERR_CONNECT_FAIL 111');
    expect(refusedGet.headers?.['x-squid-error']).toBe('ERR_CONNECT_FAIL 111');
    expect(dropped.status).toBe(503);
    expect(dropped.headers?.['x-squid-error']).toBe('ERR_CONNECT_FAIL 110');
    expect(viaParent.status).toBe(500);
    expect(viaParent.headers?.['x-squid-error']).toBe('ERR_CANNOT_FORWARD 0');
    expect(viaParentGet.status).toBe(502);
  });

  it('a name squid cannot resolve: squid 5.7 says ERR_CANNOT_FORWARD, not ERR_DNS_FAIL (squid bug 5294)', async () => {
    const { ns } = env();
    const nx = await proxyRequest(ns, { proxyPort: P.open, method: 'CONNECT', target: 'files.pythonhosted.org:443' });
    const nxGet = await proxyRequest(ns, { proxyPort: P.open, method: 'GET', target: 'http://files.pythonhosted.org/' });
    const slow = await proxyRequest(ns, { proxyPort: P.open, method: 'CONNECT', target: 'api.slow-dns.example.org:443' });
    const c = await curlVia(ns, `http://127.0.0.1:${P.open}`, 'https://files.pythonhosted.org/');
    observe('squid unresolvable names', { nx: summary(nx), nxGet: summary(nxGet), slow: summary(slow), curl: c });
    expect(nx.status).toBe(500);
    expect(nx.headers?.['x-squid-error']).toBe('ERR_CANNOT_FORWARD 0');
    expect(nxGet.status).toBe(502);
    expect(nxGet.headers?.['x-squid-error']).toBe('ERR_READ_ERROR 0');
    expect(slow.headers?.['x-squid-error']).toBe('ERR_CANNOT_FORWARD 0');
    expect(c).toMatchObject({ exit: 56, connect: '500' });
  });

  it('SSL bump: the origin\'s certificate is re-signed by squid\'s own CA', async () => {
    const { ns, origins, bump } = env();
    const ca = bump.bumpCa;
    if (ca === undefined) throw new Error('bump squid has no CA');
    const trusted = await curlVia(ns, bump.url, `https://${REGISTRY}/v2/`, ['--cacert', ca.certPath]);
    const untrusted = await curlVia(ns, bump.url, `https://${REGISTRY}/v2/`, ['--cacert', origins.ca.certPath]);
    const chain = await ns.exec(
      'openssl',
      ['s_client', '-proxy', `127.0.0.1:${P.bump}`, '-connect', `${REGISTRY}:443`, '-servername', REGISTRY, '-showcerts', '-CAfile', ca.certPath],
      { input: '', timeoutMs: 10_000 },
    );
    const lines = chain.stdout.split('\n').filter((l) => /^\s*\d+ s:|^\s+i:|Verify return code/.test(l));
    observe('squid ssl bump', { trusted, untrusted, chain: lines });
    expect(trusted).toMatchObject({ exit: 0, connect: '200', http: '401' });
    expect(untrusted.exit).toBe(60);
    expect(lines.join('\n')).toContain(`i:O = netreq tests, CN = ${ca.commonName}`);
    expect(lines.join('\n')).toContain('Verify return code: 0 (ok)');
  });
});
