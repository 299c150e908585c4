// A system lookup that never returns: the namespace's resolver answers every UDP query truncated
// and then holds the TCP retry open without a word. glibc has no deadline of its own for that TCP
// read, so getaddrinfo blocks for as long as the connection stays up. netreq's step deadline ends
// the DNS step; once the report is written the process must exit, whatever lookups still wait.
import { expect, it } from 'vitest';
import { describeWithDeps, findingFor, runNetreq, startHoldingResolver, useNamespace } from '../harness/index.js';

describeWithDeps('a system lookup that never returns', ['ip', 'getent'], () => {
  const env = useNamespace({ nameservers: ['127.0.0.1'], resolvOptions: ['timeout:1', 'attempts:1'] }, async (ns) => {
    await startHoldingResolver(ns);
    return {};
  });

  it('field-ready 8: the report is written and the process exits, though getaddrinfo still waits', async () => {
    // The setup holds glibc indeed: getent is still waiting when it is killed.
    const getent = await env().ns.exec('getent', ['ahosts', 'runai.jfrog.io'], { timeoutMs: 3_000 });
    expect(getent.timedOut).toBe(true);

    const run = await runNetreq(env().ns, ['check', '--product', 'runai', '--role', 'installer', '--timeout', '2000', '--format', 'json'], { timeoutMs: 60_000 });
    expect(run.timedOut).toBe(false);
    expect(run.code).toBe(1);
    if (!run.report) throw new Error(`no report (exit ${run.code}): ${run.stderr.slice(0, 500)}`);
    expect(findingFor(run.report, 'runai.jfrog.io', 443)).toMatchObject({ status: 'fail', cause: 'dns.timeout' });
  }, 90_000);
});
