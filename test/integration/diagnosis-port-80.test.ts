// Issue 18, item 1: port 80 answered by something else. Real HTTP servers in a namespace stand for
// a captive portal (302 to its login page on another host), a web filter (a 403 HTML block page)
// and the service's own redirect to https within its domain; netreq runs as a user runs it, the
// site's resolver pointing the public names at them.
import { expect, it } from 'vitest';
import { describeWithDeps, findingFor, observe, runNetreq, startDnsmasq, startListeners, useNamespace, type NetreqRun } from '../harness/index.js';
import { chosenTexts } from './diagnosis-variant.js';

const PORTAL = { host: 'archive.ubuntu.com', address: '203.0.113.70' };
const LOGIN = { host: 'login.guest-portal.example.net', address: '203.0.113.71' };
const FILTER = { host: 'security.ubuntu.com', address: '203.0.113.72' };
const OWN_REDIRECT = { host: 'changelogs.ubuntu.com', address: '203.0.113.73' };
const LOGIN_URL = `http://${LOGIN.host}/portal?orig=archive.ubuntu.com`;
const TIMEOUT_MS = 1500;

function reportOf(run: NetreqRun): NonNullable<NetreqRun['report']> {
  if (!run.report) throw new Error(`netreq gave no report (exit ${run.code}): ${run.stderr.slice(0, 500)}`);
  return run.report;
}

function httpStepOf(f: ReturnType<typeof findingFor>): Extract<ReturnType<typeof findingFor>['steps'][number], { step: 'http' }> {
  const step = f.steps.find((s) => s.step === 'http');
  if (step?.step !== 'http') throw new Error(`no http step for ${f.target.host}:${f.target.port}`);
  return step;
}

describeWithDeps('diagnosis 1: port 80 answered by something else', ['ip', 'dnsmasq'], () => {
  let result: Promise<NetreqRun> | undefined;
  const env = useNamespace({ resolvOptions: ['timeout:1', 'attempts:1'] }, async (ns) => {
    await startDnsmasq(ns, { records: Object.fromEntries([PORTAL, LOGIN, FILTER, OWN_REDIRECT].map((s) => [s.host, s.address])) });
    const listeners = await startListeners(ns, [
      {
        kind: 'http',
        host: PORTAL.address,
        port: 80,
        routes: {
          '/ubuntu/dists/': {
            status: 302,
            headers: { location: LOGIN_URL, server: 'GuestPortal/3.2', 'content-type': 'text/html', 'cache-control': 'no-store' },
            body: `<html><head><title>Redirecting</title></head><body><a href="${LOGIN_URL}">Sign in</a></body></html>`,
          },
        },
      },
      {
        kind: 'http',
        host: LOGIN.address,
        port: 80,
        routes: { '/portal?orig=archive.ubuntu.com': { status: 200, headers: { 'content-type': 'text/html' }, body: '<html><head><title>Guest network login</title></head></html>' } },
      },
      {
        kind: 'http',
        host: FILTER.address,
        port: 80,
        routes: {
          '/ubuntu/dists/': {
            status: 403,
            headers: { 'content-type': 'text/html; charset=utf-8', server: 'WebFilter/7.4' },
            body: '<!DOCTYPE html><html><head><title>Web Page Blocked</title></head><body><h1>Web Page Blocked</h1><p>Category: Software Downloads</p></body></html>',
          },
        },
      },
      {
        kind: 'http',
        host: OWN_REDIRECT.address,
        port: 80,
        routes: { '/': { status: 301, headers: { location: 'https://ubuntu.com/changelogs', 'content-type': 'text/html', server: 'Apache' }, body: '' } },
      },
    ]);
    return { listeners };
  });
  const run = (): Promise<NetreqRun> =>
    (result ??= runNetreq(env().ns, [
      'check', '--product', 'azureml-arc', '--azureml-arc-version', 'azureml-arc-reference', '--role', 'k8s-node', '--region', 'eastus', '--workload', 'training',
      '--format', 'json', '--timeout', String(TIMEOUT_MS), '--max-time', '60',
    ]));

  it('diagnosis 1: a captive portal (302 to a login page on another host) is http.blocked, with its Location and Server', async () => {
    const report = reportOf(await run());
    const f = findingFor(report, PORTAL.host, 80);
    observe('captive portal http step', httpStepOf(f).evidence);
    expect(f).toMatchObject({ status: 'fail', cause: 'http.blocked' });
    expect(httpStepOf(f).evidence.response).toMatchObject({ status: 302, headers: { location: LOGIN_URL, server: 'GuestPortal/3.2' } });
    expect(chosenTexts(report, PORTAL.host, 80)).toBe('variant:redirect');
    expect(f.explanation).toContain(LOGIN_URL);
    expect(f.explanation).toContain('GuestPortal/3.2');
    // netreq asked the portal, never the login page: it reports where the redirect goes, it does not follow it.
    expect(env().listeners.requests().filter((r) => r.host === LOGIN.host)).toEqual([]);
  });

  it("diagnosis 1: a web filter's 403 HTML page is http.blocked, naming its title and server", async () => {
    const report = reportOf(await run());
    const f = findingFor(report, FILTER.host, 80);
    observe('web filter http step', httpStepOf(f).evidence);
    expect(f).toMatchObject({ status: 'fail', cause: 'http.blocked' });
    expect(httpStepOf(f).evidence.response).toMatchObject({ status: 403, title: 'Web Page Blocked', headers: { server: 'WebFilter/7.4' } });
    expect(chosenTexts(report, FILTER.host, 80)).toBe('variant:filter-page');
    expect(f.explanation).toContain('Web Page Blocked');
    expect(f.explanation).toContain('WebFilter/7.4');
  });

  it('diagnosis 1: the service redirecting to https within its registrable domain passes', async () => {
    const f = findingFor(reportOf(await run()), OWN_REDIRECT.host, 80);
    expect(httpStepOf(f).evidence.response).toMatchObject({ status: 301, headers: { location: 'https://ubuntu.com/changelogs' } });
    expect(f.status).toBe('pass');
  });
});
