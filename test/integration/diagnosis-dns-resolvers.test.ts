// Issue 18, item 4: resolvers that disagree, and a dead first resolver, against two real dnsmasq
// instances named by the namespace's resolv.conf, as glibc (and so netreq's system lookup) uses them.
// The dead resolver is made by an nftables drop of its replies on the input hook: dnsmasq hears the
// query, the answer never arrives, and glibc waits its real timeout before asking the next server.
// (A drop on the output hook fails sendto() with EPERM and glibc moves on at once: OBSERVED.md.)
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { classifyContextOf } from '../../src/diagnose/classify-basis.js';
import { judgeDns } from '../../src/diagnose/classify-dns.js';
import { describeWithDeps, findingFor, observe, runNetreq, startDnsmasq, startOrigins, useNamespace, type Netns, type NetreqRun } from '../harness/index.js';

const R1 = '127.0.0.53'; // first in resolv.conf
const R2 = '127.0.0.54'; // second
const CONTROL_PLANE = 'acme.run.ai'; // the site's own name: its certificate from the test CA passes
const CP_ADDRESS = '203.0.113.33';
const FIRST_NO = 'runai.jfrog.io'; // R1: NXDOMAIN; R2: an address
const FIRST_NO_ADDRESS = '203.0.113.32';
const SPLIT = 'quay.io'; // R1: a private endpoint; R2: the public address
const PRIVATE = '10.20.0.10';
const PUBLIC_SPLIT = '203.0.113.31';
const SITE = ['check', '--product', 'runai', '--role', 'system-node', '--role', 'k8s-node', '--prereqs', '--control-plane', CONTROL_PLANE, '--format', 'json'];

type Report = NonNullable<NetreqRun['report']>;
type Finding = Report['findings'][number];
type DnsStep = Extract<Finding['steps'][number], { step: 'dns' }>;

function reportOf(run: NetreqRun): Report {
  if (!run.report) throw new Error(`netreq gave no report (exit ${run.code}): ${run.stderr.slice(0, 500)}`);
  return run.report;
}

function dnsOf(f: Finding): DnsStep {
  const step = f.steps.find((s): s is DnsStep => s.step === 'dns');
  if (!step) throw new Error(`no DNS step for ${f.target.host}`);
  return step;
}

/** Each resolver's A answer, in the order the evidence lists them (resolv.conf's). */
function aAnswers(f: Finding): Array<{ server: string; rcode?: string; addresses: string[]; error?: string }> {
  return dnsOf(f)
    .evidence.servers.filter((s) => s.type === 'A')
    .map((s) => ({ server: s.server, addresses: s.addresses, ...(s.rcode !== undefined ? { rcode: s.rcode } : {}), ...(s.error !== undefined ? { error: s.error } : {}) }));
}

/**
 * The DNS judgement of a finding's real evidence, with its facts: the finding's primary cause may be
 * a later step's (the test CA reads as TLS inspection for a public name), the DNS facts are asserted here.
 */
function dnsJudgement(f: Finding): { cause?: string; status?: string; facts: Record<string, string> } {
  if (!f.basis) throw new Error('no basis');
  const j = judgeDns({ step: dnsOf(f), target: f.basis.target, context: classifyContextOf(f.basis.context), steps: f.steps });
  const issue = j.stop ?? j.warns[0];
  return issue ? { cause: issue.cause, status: issue.status, facts: issue.facts } : { facts: {} };
}

function once<T>(fn: () => Promise<T>): () => Promise<T> {
  let p: Promise<T> | undefined;
  return () => (p ??= fn());
}

/** Drops every reply from `address`'s port 53 on the input hook: the query arrives, the answer never does. */
async function dropRepliesFrom(ns: Netns, address: string): Promise<void> {
  const file = join(await ns.tempDir('nft-dns'), 'rules.nft');
  await writeFile(file, ['table inet netreq_dns {', '  chain input {', '    type filter hook input priority filter; policy accept;', `    ip saddr ${address} udp sport 53 drop`, `    ip saddr ${address} tcp sport 53 drop`, '  }', '}', ''].join('\n'));
  await ns.run('nft', ['-f', file]);
}

describeWithDeps('diagnosis 4: resolvers that disagree (two real dnsmasq)', ['ip', 'dnsmasq', 'openssl'], () => {
  const env = useNamespace(
    { nameservers: [R1, R2], resolvOptions: ['timeout:1', 'attempts:1'] },
    async (ns) => {
      const [first, second] = await Promise.all([
        startDnsmasq(ns, { listen: R1, records: { [SPLIT]: PRIVATE, [CONTROL_PLANE]: CP_ADDRESS } }),
        startDnsmasq(ns, { listen: R2, records: { [SPLIT]: PUBLIC_SPLIT, [FIRST_NO]: FIRST_NO_ADDRESS } }),
      ]);
      const origins = await startOrigins(ns, {
        sites: [
          { names: [SPLIT, CONTROL_PLANE], address: PRIVATE },
          { names: [SPLIT, CONTROL_PLANE], address: CP_ADDRESS },
        ],
      });
      return { first, second, origins };
    },
    60_000,
  );
  const run = once(() => runNetreq(env().ns, [...SITE, '--timeout', '4000', '--ca-file', env().origins.ca.certPath]));

  it('diagnosis 4: an address from the first resolver and NXDOMAIN from the second warns dns.mismatch, naming each and the one glibc uses', async () => {
    const f = findingFor(reportOf(await run()), CONTROL_PLANE, 443);
    observe('diagnosis-4-second-says-no', { status: f.status, cause: f.cause, servers: aAnswers(f) });
    expect(f).toMatchObject({ status: 'warn', cause: 'dns.mismatch' });
    expect(aAnswers(f)).toEqual([
      { server: R1, rcode: 'NOERROR', addresses: [CP_ADDRESS] },
      { server: R2, rcode: 'NXDOMAIN', addresses: [] },
    ]);
    expect(dnsOf(f).evidence.resolver).toEqual({ timeoutS: 1, attempts: 1, rotate: false });
    expect(dnsJudgement(f).facts).toMatchObject({
      variant: 'servers-disagree',
      resolvers: `${R1}, ${R2}`,
      order: 'first-answering',
      usedResolver: R1,
      usedAnswer: CP_ADDRESS,
      resolver: R2,
      rcode: 'NXDOMAIN',
      answers: `${R1}: ${CP_ADDRESS}; ${R2}: NXDOMAIN`,
    });
    expect(f.verify).toContain(`dig @${R2} ${CONTROL_PLANE}`);
  });

  it('diagnosis 4: NXDOMAIN from the first resolver and an address from the second fails dns.mismatch: glibc stops at the first answer', async () => {
    const f = findingFor(reportOf(await run()), FIRST_NO, 443);
    observe('diagnosis-4-first-says-no', { status: f.status, cause: f.cause, system: dnsOf(f).evidence.system, servers: aAnswers(f) });
    expect(f).toMatchObject({ status: 'fail', cause: 'dns.mismatch' });
    expect(aAnswers(f)).toEqual([
      { server: R1, rcode: 'NXDOMAIN', addresses: [] },
      { server: R2, rcode: 'NOERROR', addresses: [FIRST_NO_ADDRESS] },
    ]);
    expect(dnsOf(f).evidence.system).toMatchObject({ addresses: [], code: 'ENOTFOUND' });
    expect(dnsJudgement(f).facts).toMatchObject({
      variant: 'lookup-failed',
      resolvers: `${R1}, ${R2}`,
      usedResolver: R1,
      usedAnswer: 'NXDOMAIN',
      resolver: R1,
      addresses: FIRST_NO_ADDRESS,
      answers: `${R1}: NXDOMAIN; ${R2}: ${FIRST_NO_ADDRESS}`,
    });
    expect(f.verify).toContain(`dig @${R1} ${FIRST_NO}`);
  });

  it('diagnosis 4: a private answer from the first resolver and a public one from the second is dns.mismatch (split horizon), the first one used', async () => {
    const f = findingFor(reportOf(await run()), SPLIT, 443);
    observe('diagnosis-4-split', { status: f.status, cause: f.cause, notes: f.notes.map((n) => n.code), servers: aAnswers(f) });
    expect(aAnswers(f)).toEqual([
      { server: R1, rcode: 'NOERROR', addresses: [PRIVATE] },
      { server: R2, rcode: 'NOERROR', addresses: [PUBLIC_SPLIT] },
    ]);
    // glibc took the first resolver's answer: the private endpoint is what the check connected to.
    expect(dnsOf(f).evidence.system.addresses).toEqual([PRIVATE]);
    expect(dnsJudgement(f)).toMatchObject({
      status: 'warn',
      cause: 'dns.mismatch',
      facts: { variant: 'split-horizon', usedResolver: R1, usedAnswer: PRIVATE, resolver: R2, rcode: PUBLIC_SPLIT, answers: `${R1}: ${PRIVATE}; ${R2}: ${PUBLIC_SPLIT}` },
    });
    // The test CA reads as TLS inspection for a public name, which outranks it: the disagreement is a note.
    expect([f.cause, ...f.notes.map((n) => n.code)]).toEqual(expect.arrayContaining(['dns.mismatch', 'dns.private-endpoint']));
  });
});

describeWithDeps('diagnosis 4: a dead first resolver (nftables drops its replies on input)', ['ip', 'nft', 'dnsmasq', 'openssl', 'getent'], () => {
  const TIMEOUT_S = 2;
  const env = useNamespace(
    { nameservers: [R1, R2], resolvOptions: [`timeout:${TIMEOUT_S}`, 'attempts:2'] },
    async (ns) => {
      const records = { [CONTROL_PLANE]: CP_ADDRESS };
      const [first, second] = await Promise.all([startDnsmasq(ns, { listen: R1, records }), startDnsmasq(ns, { listen: R2, records })]);
      const origins = await startOrigins(ns, { sites: [{ names: [CONTROL_PLANE], address: CP_ADDRESS }] });
      await dropRepliesFrom(ns, R1);
      return { first, second, origins };
    },
    60_000,
  );

  it('diagnosis 4: glibc waits the resolv.conf timeout for the dead first resolver, then the second answers', async () => {
    const { ns, first } = env();
    const before = first.log().length;
    const r = await ns.exec('getent', ['ahostsv4', CONTROL_PLANE]);
    observe('diagnosis-4-dead-first-getent', { code: r.code, ms: Math.round(r.ms), timeoutS: TIMEOUT_S });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(CP_ADDRESS);
    // The wait is glibc's, not a lost packet's: at least the timeout (orders of magnitude only: a loaded VM).
    expect(r.ms).toBeGreaterThanOrEqual(TIMEOUT_S * 1000 - 100);
    // The query reached the first resolver; only its reply was dropped.
    expect(first.log().slice(before)).toContain(`query[A] ${CONTROL_PLANE}`);
  });

  it('diagnosis 4: netreq warns dns.resolver-slow naming the dead resolver and the seconds each lookup waits', async () => {
    const { ns, origins } = env();
    const r = await runNetreq(ns, [...SITE, '--timeout', '6000', '--ca-file', origins.ca.certPath]);
    const f = findingFor(reportOf(r), CONTROL_PLANE, 443);
    observe('diagnosis-4-dead-first-netreq', { status: f.status, cause: f.cause, lookupMs: dnsOf(f).ms, servers: aAnswers(f) });
    expect(f).toMatchObject({ status: 'warn', cause: 'dns.resolver-slow' });
    expect(aAnswers(f)).toEqual([
      { server: R1, addresses: [], error: 'ETIMEDOUT' },
      { server: R2, rcode: 'NOERROR', addresses: [CP_ADDRESS] },
    ]);
    expect(dnsOf(f).evidence.system.addresses).toEqual([CP_ADDRESS]);
    expect(dnsOf(f).evidence.resolver).toEqual({ timeoutS: TIMEOUT_S, attempts: 2, rotate: false });
    expect(dnsJudgement(f).facts).toMatchObject({ resolver: R1, answeringResolver: R2, seconds: String(TIMEOUT_S), timeoutS: String(TIMEOUT_S), resolvers: `${R1}, ${R2}` });
    expect(f.verify).toContain(`dig @${R1} ${CONTROL_PLANE}`);
    expect(f.steps.map((s) => s.step)).toEqual(['dns', 'tcp', 'tls', 'http']);
  });

  it('diagnosis 4: with a step timeout shorter than glibc\'s wait, the system lookup still waits for the failover and the chain goes on', async () => {
    const { ns, origins } = env();
    const r = await runNetreq(ns, [...SITE, '--timeout', '1500', '--ca-file', origins.ca.certPath]);
    const f = findingFor(reportOf(r), CONTROL_PLANE, 443);
    observe('diagnosis-4-dead-first-short-step', { status: f.status, cause: f.cause, lookupMs: dnsOf(f).ms, steps: f.steps.map((s) => s.step) });
    expect(f).toMatchObject({ status: 'warn', cause: 'dns.resolver-slow' });
    expect(dnsOf(f).evidence.system.addresses).toEqual([CP_ADDRESS]);
    expect(dnsJudgement(f).facts['variant']).toBeUndefined();
    expect(f.steps.map((s) => s.step)).toEqual(['dns', 'tcp', 'tls', 'http']);
  });
});
