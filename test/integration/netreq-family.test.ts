// tcp.family-partial against a real kernel: a name with an A and an AAAA record, a machine with a
// default route for both families, and a service that answers on IPv4 only (nothing listens on
// its IPv6 address, so the kernel refuses). Run as a user runs it: the site's resolver, no flags.
import { expect, it } from 'vitest';
import { describeWithDeps, findingFor, runNetreq, startDnsmasq, startOrigins, useNamespace } from '../harness/index.js';

const HOST = 'runai.jfrog.io';
const V4 = '203.0.113.50';
const V6 = '2001:db8::50';

describeWithDeps('netreq on a dual-stack machine where IPv6 to the service fails', ['ip', 'dnsmasq', 'openssl'], () => {
  const env = useNamespace({ resolvOptions: ['timeout:1', 'attempts:1'] }, async (ns) => {
    await startDnsmasq(ns, { records: { [HOST]: [V4, V6] } });
    const origins = await startOrigins(ns, { sites: [{ names: [HOST], address: V4, http: false }] });
    await ns.addAddress(V6);
    // Routes for both families, as on a dual-stack node: the failure is the service's, not a missing route.
    // A veth pair inside the namespace carries them (a default route through lo is a reject
    // route for IPv6); the service's addresses are local, so no packet ever leaves the namespace.
    await ns.run('ip', ['link', 'add', 'uplink0', 'type', 'veth', 'peer', 'name', 'uplink1']);
    await ns.run('ip', ['link', 'set', 'uplink0', 'up']);
    await ns.run('ip', ['link', 'set', 'uplink1', 'up']);
    await ns.run('ip', ['route', 'add', 'default', 'dev', 'uplink0']);
    await ns.run('ip', ['-6', 'route', 'add', 'default', 'dev', 'uplink0']);
    return { origins };
  });

  it('is a warning, tcp.family-partial, naming the family that fails', async () => {
    const run = await runNetreq(env().ns, [
      'check', '--product', 'runai', '--role', 'installer', '--format', 'json', '--timeout', '1500', '--ca-file', env().origins.ca.certPath,
    ]);
    if (!run.report) throw new Error(`no report (exit ${run.code}): ${run.stderr.slice(0, 500)}`);
    const f = findingFor(run.report, HOST, 443);
    const tcp = f.steps.find((s) => s.step === 'tcp');
    expect(tcp).toMatchObject({ evidence: { attempts: expect.arrayContaining([
      expect.objectContaining({ address: V4, outcome: 'connected' }),
      expect.objectContaining({ address: V6, outcome: 'refused' }),
    ]) } });
    // The chain went on over IPv4; the family that fails is the finding's cause, as a warning
    // (or tls.intercepted for the namespace's test CA, when that is the only other issue: see the notes).
    const causes = [f.cause, ...f.notes.map((n) => n.code)];
    expect(causes).toContain('tcp.family-partial');
    expect(f.status).toBe('warn');
    expect(`${f.explanation ?? ''} ${f.notes.map((n) => n.text).join(' ')}`).toContain(V6);
  });
});
