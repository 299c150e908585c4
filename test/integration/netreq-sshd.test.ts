// netreq against real OpenSSH sshd as the BCM headnode (`--headnode`), run as a user runs it: the
// headnode's name resolved by the site's resolver, SSH always direct (even with a proxy set).
import { expect, it } from 'vitest';
import { describeWithDeps, findingFor, runNetreq, startDnsmasq, startListeners, startSshd, useNamespace, type NetreqRun } from '../harness/index.js';

const HEADNODE = 'bcm-head.acme.example';
const OTHER_HEADNODE = 'bcm-head2.acme.example'; // port 22 answered by a mail server
const SSHD_ADDRESS = '198.51.100.22';
const SMTP_ADDRESS = '198.51.100.25';
const SMTP_GREETING = '220 bcm-head2.acme.example ESMTP Postfix (Debian/GNU)';

function reportOf(run: NetreqRun): NonNullable<NetreqRun['report']> {
  if (!run.report) throw new Error(`netreq gave no report (exit ${run.code}): ${run.stderr.slice(0, 500)}`);
  return run.report;
}

const check = (headnode: string, extra: readonly string[] = []): string[] => [
  'check', '--product', 'runai', '--role', 'installer', '--headnode', headnode, '--timeout', '3000', ...extra,
];

describeWithDeps('netreq against a real sshd headnode', ['ip', 'dnsmasq', '/usr/sbin/sshd', 'ssh-keygen'], () => {
  const env = useNamespace({ resolvOptions: ['timeout:1', 'attempts:1'] }, async (ns) => {
    await startDnsmasq(ns, { records: { [HEADNODE]: SSHD_ADDRESS, [OTHER_HEADNODE]: SMTP_ADDRESS } });
    const sshd = await startSshd(ns, { listen: SSHD_ADDRESS, versionAddendum: 'bcm-headnode', debianBanner: false });
    await startListeners(ns, [{ kind: 'banner', host: SMTP_ADDRESS, port: 22, text: `${SMTP_GREETING}\r\n` }]);
    return { sshd };
  });

  it('reads sshd\'s banner and passes, the evidence holding the banner; direct even with HTTPS_PROXY set', async () => {
    const r = await runNetreq(env().ns, check(HEADNODE, ['--format', 'json']), { env: { HTTPS_PROXY: 'http://127.0.0.1:3128' } });
    const f = findingFor(reportOf(r), HEADNODE, 22);
    expect(f).toMatchObject({ status: 'pass', target: { via: 'direct', scheme: 'ssh' } });
    const ssh = f.steps.find((s) => s.step === 'ssh');
    expect(ssh).toMatchObject({ ok: true, outcome: 'banner', evidence: { banner: 'SSH-2.0-OpenSSH_9.2p1 bcm-headnode' } });
    expect(f.steps.find((s) => s.step === 'tcp')).toMatchObject({ evidence: { connected: SSHD_ADDRESS } });
    // sshd saw netreq greet, read its banner and hang up before authentication: no login attempted.
    expect(env().sshd.log()).toMatch(/Connection closed by \S+ port \d+ \[preauth\]/);
    expect(env().sshd.log()).not.toMatch(/Failed|Accepted|Invalid user/);
  });

  it('-v prints the banner as the step\'s evidence', async () => {
    const r = await runNetreq(env().ns, check(HEADNODE, ['-v']));
    expect(r.stderr).toContain('SSH-2.0-OpenSSH_9.2p1 bcm-headnode');
  });

  it('a port 22 answered by something else is ssh.not-ssh, quoting what it sent', async () => {
    const r = await runNetreq(env().ns, check(OTHER_HEADNODE, ['--format', 'json']));
    expect(r.code).toBe(1);
    const f = findingFor(reportOf(r), OTHER_HEADNODE, 22);
    expect(f).toMatchObject({ status: 'fail', cause: 'ssh.not-ssh' });
    expect(f.explanation).toContain(SMTP_GREETING);
    expect(f.verify).toContain(`ssh -v -p 22 ${OTHER_HEADNODE}`);
  });
});
