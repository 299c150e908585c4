import { directTo, head, http, ssh, tcp, attempt, dnsOk, tls, type Case } from './classify-fixtures.js';

const HOST = 'registry.example.com';
const base = [...directTo(HOST), tls()];
const plain = directTo(HOST);
const BEARER = { 'www-authenticate': 'Bearer realm="https://auth.example.com/token",service="registry"', 'content-type': 'application/json' };
const FILTER = { 'content-type': 'text/html; charset=utf-8' };

export const HTTP_CASES: readonly Case[] = [
  { name: 'registry /v2/ 200', target: { check: 'registry-v2' }, steps: [...base, http(head(200, { 'content-type': 'application/json' }), { check: 'registry-v2' })], status: 'pass' },
  { name: 'registry /v2/ 401 Bearer', target: { check: 'registry-v2' }, steps: [...base, http(head(401, BEARER), { check: 'registry-v2' })], status: 'pass' },
  {
    name: 'registry /v2/ answered by a filter page (HTML 200)',
    target: { check: 'registry-v2' },
    steps: [...base, http(head(200, FILTER, 'Web Page Blocked'), { check: 'registry-v2' })],
    status: 'fail',
    cause: 'http.blocked',
    mentions: ['Web Page Blocked'],
  },
  {
    name: 'registry /v2/ answered by a filter page (HTML 403)',
    target: { check: 'registry-v2' },
    steps: [...base, http(head(403, FILTER, 'Access restricted'), { check: 'registry-v2' })],
    status: 'fail',
    cause: 'http.blocked',
  },
  {
    name: 'registry /v2/ 404 is not a registry',
    target: { check: 'registry-v2' },
    steps: [...base, http(head(404, { 'content-type': 'application/json' }), { check: 'registry-v2' })],
    status: 'fail',
    cause: 'http.unexpected-status',
  },
  {
    name: 'registry 401 without a Bearer challenge',
    target: { check: 'registry-v2' },
    steps: [...base, http(head(401, { 'www-authenticate': 'Basic realm="corp"' }), { check: 'registry-v2' })],
    status: 'fail',
    cause: 'http.unexpected-status',
  },
  { name: 'registry 429 is a warning', target: { check: 'registry-v2' }, steps: [...base, http(head(429, { 'retry-after': '60' }), { check: 'registry-v2' })], status: 'warn', cause: 'http.rate-limited', mentions: ['60'] },
  { name: 'helm index 200 yaml', target: { check: 'helm-index' }, steps: [...base, http(head(200, { 'content-type': 'application/x-yaml' }), { check: 'helm-index' })], status: 'pass' },
  {
    name: 'helm index replaced by an HTML page',
    target: { check: 'helm-index' },
    steps: [...base, http(head(200, FILTER, 'Blocked'), { check: 'helm-index' })],
    status: 'fail',
    cause: 'http.blocked',
  },
  { name: 'helm index 404', target: { check: 'helm-index' }, steps: [...base, http(head(404), { check: 'helm-index' })], status: 'fail', cause: 'http.unexpected-status' },
  { name: 'pypi simple 200 (HTML is the service)', target: { check: 'pypi-simple' }, steps: [...base, http(head(200, FILTER, 'Links for pip'), { check: 'pypi-simple' })], status: 'pass' },
  { name: 'pypi simple 500', target: { check: 'pypi-simple' }, steps: [...base, http(head(500), { check: 'pypi-simple' })], status: 'fail', cause: 'http.unexpected-status' },
  {
    name: 'port 80 redirect to HTTPS passes',
    target: { port: 80, scheme: 'http', check: 'http-any' },
    steps: [...plain, http(head(301, { location: 'https://registry.example.com/' }), { check: 'http-any', url: 'http://registry.example.com/' })],
    status: 'pass',
  },
  {
    name: 'port 80 redirect to another registrable domain is named, even one its owner runs (docker.io -> docker.com)',
    target: { host: 'registry-1.docker.io', port: 80, scheme: 'http', check: 'http-any' },
    steps: [...directTo('registry-1.docker.io'), http(head(301, { location: 'https://www.docker.com/' }), { check: 'http-any', url: 'http://registry-1.docker.io/' })],
    status: 'fail',
    cause: 'http.blocked',
  },
  {
    name: 'port 80 redirect to https under a co.uk domain of the same owner passes',
    target: { host: 'archive.example.co.uk', port: 80, scheme: 'http', check: 'http-any' },
    steps: [...directTo('archive.example.co.uk'), http(head(302, { location: 'https://www.example.co.uk/x' }), { check: 'http-any', url: 'http://archive.example.co.uk/' })],
    status: 'pass',
  },
  {
    name: 'port 80 relative redirect on the same host passes',
    target: { port: 80, scheme: 'http', check: 'apt-mirror' },
    steps: [...plain, http(head(301, { location: '/ubuntu/dists/' }), { check: 'apt-mirror', url: 'http://registry.example.com/ubuntu/dists' })],
    status: 'pass',
  },
  {
    name: 'port 80 captive portal: 302 to a login page on another host',
    target: { port: 80, scheme: 'http', check: 'http-any' },
    steps: [
      ...plain,
      http(head(302, { location: 'http://portal.guest-wifi.example.net/login?orig=x', server: 'CaptivePortal/2.1', 'content-type': 'text/html' }), {
        check: 'http-any',
        url: 'http://registry.example.com/',
      }),
    ],
    status: 'fail',
    cause: 'http.blocked',
    mentions: ['http://portal.guest-wifi.example.net/login?orig=x', 'CaptivePortal/2.1'],
  },
  {
    name: 'port 80 redirect with no readable Location is left to the check kind',
    target: { port: 80, scheme: 'http', check: 'http-any' },
    steps: [...plain, http(head(302, {}), { check: 'http-any', url: 'http://registry.example.com/' })],
    status: 'pass',
  },
  {
    name: 'over https a redirect to another domain is the service (the certificate vouches for it)',
    steps: [...base, http(head(302, { location: 'https://cloud.example.org/registry' }))],
    status: 'pass',
  },
  {
    name: "port 80 web filter's 403 HTML page, naming the server and the title",
    target: { port: 80, scheme: 'http', check: 'apt-mirror' },
    steps: [...plain, http(head(403, { ...FILTER, server: 'FortiGuard' }, 'Web Filter Violation'), { check: 'apt-mirror', url: 'http://registry.example.com/ubuntu/dists/' })],
    status: 'fail',
    cause: 'http.blocked',
    mentions: ['FortiGuard', 'Web Filter Violation'],
  },
  {
    name: "port 80 403 HTML with the registry's own header is the service's, not a filter's",
    target: { port: 80, scheme: 'http', check: 'registry-v2' },
    steps: [...plain, http(head(403, { ...FILTER, 'docker-distribution-api-version': 'registry/2.0' }, 'Forbidden'), { check: 'registry-v2', url: 'http://registry.example.com/v2/' })],
    status: 'fail',
    cause: 'http.unexpected-status',
  },
  {
    name: "port 80 apt mirror's own listing passes",
    target: { port: 80, scheme: 'http', check: 'apt-mirror' },
    steps: [...plain, http(head(200, FILTER, 'Index of /ubuntu/dists'), { check: 'apt-mirror', url: 'http://registry.example.com/ubuntu/dists/' })],
    status: 'pass',
  },
  {
    name: 'https 403 HTML stays the service (only plain HTTP can be answered by a filter unseen)',
    steps: [...base, http(head(403, FILTER, 'Forbidden'))],
    status: 'pass',
  },
  {
    name: 'apt mirror 404 from the service is still an answer',
    target: { port: 80, scheme: 'http', check: 'apt-mirror' },
    steps: [...plain, http(head(404), { check: 'apt-mirror' })],
    status: 'pass',
  },
  {
    name: 'port 80 answered by a squid error page',
    target: { port: 80, scheme: 'http', check: 'http-any' },
    steps: [...plain, http(head(403, { ...FILTER, 'x-squid-error': 'ERR_ACCESS_DENIED 0' }, 'ERROR: Access Denied'), { check: 'http-any' })],
    status: 'fail',
    cause: 'http.blocked',
  },
  {
    name: "squid's own connect failure inside a bumped tunnel is the proxy's, not a block",
    steps: [...base, http(head(503, { ...FILTER, 'x-squid-error': 'ERR_CONNECT_FAIL 111' }, 'ERROR: The requested URL could not be retrieved'))],
    status: 'fail',
    cause: 'proxy.upstream-failed',
    mentions: ['ERR_CONNECT_FAIL 111'],
  },
  { name: 'https-reachable 403 from the service itself', steps: [...base, http(head(403, { 'content-type': 'application/json' }))], status: 'pass' },
  { name: 'https-reachable 451 is a filter', steps: [...base, http(head(451, FILTER, 'Unavailable'))], status: 'fail', cause: 'http.blocked' },
  { name: 'no HTTP answer in time', steps: [...base, http(undefined, { code: 'ETIMEDOUT', outcome: 'timeout' })], status: 'fail', cause: 'http.timeout' },
  { name: 'reset after the request', steps: [...base, http(undefined, { code: 'ECONNRESET', outcome: 'reset' })], status: 'fail', cause: 'http.blocked' },
  { name: 'not HTTP', steps: [...base, http(undefined, { code: 'malformed', outcome: 'malformed' })], status: 'fail', cause: 'http.unexpected-status' },
];

const SSH_HOST = 'head1.example.com';
const sshBase = [dnsOk(SSH_HOST, ['203.0.113.20']), tcp([attempt('203.0.113.20', 'connected')], { port: 22 })];
const SSH_TARGET = { host: SSH_HOST, port: 22, scheme: 'ssh' as const, check: 'ssh-banner' as const, siteOwned: true };

export const SSH_CASES: readonly Case[] = [
  { name: 'an SSH-2.0 banner passes', target: SSH_TARGET, steps: [...sshBase, ssh({ banner: 'SSH-2.0-OpenSSH_9.6' })], status: 'pass' },
  { name: 'SSH-1.99 announces 2.0 too', target: SSH_TARGET, steps: [...sshBase, ssh({ banner: 'SSH-1.99-Cisco' })], status: 'pass' },
  { name: 'no banner', target: SSH_TARGET, steps: [...sshBase, ssh({ code: 'ETIMEDOUT' })], status: 'fail', cause: 'ssh.no-banner' },
  {
    name: 'something else answers',
    target: SSH_TARGET,
    steps: [...sshBase, ssh({ received: 'HTTP/1.1 400 Bad Request' })],
    status: 'fail',
    cause: 'ssh.not-ssh',
    mentions: ['HTTP/1.1 400 Bad Request'],
  },
  { name: 'an SSH-1.5 banner is not what the platform needs', target: SSH_TARGET, steps: [...sshBase, { ...ssh({ received: 'SSH-1.5-old' }) }], status: 'fail', cause: 'ssh.not-ssh' },
];

export const HTTP_EXTRA_CASES: readonly Case[] = [
  { name: 'closed without an answer', steps: [...base, http(undefined, { code: 'closed', outcome: 'closed' })], status: 'fail', cause: 'http.unexpected-status' },
  // The site's own chart repository (--helm-repo) must serve a Helm index, not any 200.
  { name: 'the site\'s chart repository serves its index', target: { check: 'helm-index', siteOwned: true }, steps: [...base, http({ ...head(200, { 'content-type': 'application/x-yaml' }), bodySnippet: 'apiVersion: v1 entries: runai-backend: - name: runai-backend' }, { check: 'helm-index' })], status: 'pass' },
  { name: 'the site\'s chart repository URL answers with a page', target: { check: 'helm-index', siteOwned: true }, steps: [...base, http({ ...head(200, { 'content-type': 'text/plain' }), bodySnippet: 'Index of /charts' }, { check: 'helm-index' })], status: 'fail', cause: 'helm.not-an-index' },
  { name: 'the vendor\'s chart repository when the site has its own', target: { check: 'helm-index', skip: { cause: 'helm.via-site-repo' as const, detail: 'the site installs its charts from https://charts.corp.example/runai (charts.corp.example:443), not from registry.example.com' } }, steps: [], status: 'skip', cause: 'helm.via-site-repo' },
];
