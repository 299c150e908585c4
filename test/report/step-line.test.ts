import { describe, expect, it } from 'vitest';
import { renderStepLine } from '../../src/report/index.js';
import {
  answers, attempt, cert, dnsFail, dnsOk, head, http, proxy, ssh, tcp, tls, tlsFail,
} from '../diagnose/classify-fixtures.js';

// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/;

describe('renderStepLine', () => {
  const rows: [string, ReturnType<typeof dnsOk>, RegExp][] = [
    ['dns ok', dnsOk('a.example.com', ['203.0.113.1'], answers('10.0.0.2', 'NOERROR', ['203.0.113.1'])), /^dns {3}a\.example\.com -> 203\.0\.113\.1 \(getaddrinfo, 3 ms\)\n {6}@10\.0\.0\.2 A NOERROR 203\.0\.113\.1 \(udp, 2 ms\)/],
    ['dns failure', dnsFail('a.example.com', 'ENOTFOUND', 'nxdomain', answers('10.0.0.2', 'NXDOMAIN')), /^dns {3}a\.example\.com: ENOTFOUND/],
    ['tcp one attempt', tcp([attempt('203.0.113.1', 'refused', 'ECONNREFUSED')]), /^tcp {3}203\.0\.113\.1:443 refused ECONNREFUSED \(1 ms\)$/],
    ['tcp both families', tcp([attempt('2001:db8::1', 'timeout', 'ETIMEDOUT'), attempt('203.0.113.1', 'connected')], { v4: true, v6: true }), /^tcp {3}port 443: connected to 203\.0\.113\.1.*\n {6}\[2001:db8::1\]:443 timeout ETIMEDOUT/],
    ['proxy 407', proxy({ response: head(407, {}, undefined, 'Proxy Authentication Required'), authSchemes: ['NTLM'] }), /^proxy CONNECT registry\.example\.com:443 via http:\/\/proxy\.corp\.example:3128 -> 407 Proxy Authentication Required.*\n {6}offers: NTLM/],
    ['proxy silent', proxy({ code: 'ETIMEDOUT' }), /: no answer, ETIMEDOUT/],
    ['tls chain', tls({ chain: [cert()], trust: 'public' }), /^tls {3}registry\.example\.com: TLSv1\.3, trust public, name ok.*\n {6}0 s:CN=registry\.example\.com\n {8}i:CN=Public Issuing CA/],
    ['tls failure', tlsFail('ETIMEDOUT', 'timeout'), /^tls {3}registry\.example\.com: handshake timeout, ETIMEDOUT/],
    ['http', http(head(401, { 'www-authenticate': 'Bearer realm="x"' }, undefined, 'Unauthorized')), /^http {2}GET https:\/\/registry\.example\.com\/v2\/ -> 401 Unauthorized \(10 ms\)\n {6}< www-authenticate: Bearer realm="x"/],
    ['http timeout', http(undefined, { code: 'ETIMEDOUT' }), /no answer, ETIMEDOUT/],
    ['ssh', ssh({ banner: 'SSH-2.0-OpenSSH_9.6' }), /^ssh {3}banner "SSH-2\.0-OpenSSH_9\.6"/],
  ];
  it.each(rows)('%s', (_name, step, expected) => {
    expect(renderStepLine(step)).toMatch(expected);
  });

  it('keeps evidence on its line: no escapes, no injected line breaks', () => {
    const line = renderStepLine(ssh({ received: 'x\u001b[2J\r\nFAKE LINE\u0007' }));
    expect(line).not.toMatch(CONTROL);
    expect(line.split('\n')).toHaveLength(1);
    const titled = renderStepLine(http(head(403, {}, 'a\nb\u001b]0;t\u0007')));
    expect(titled).not.toMatch(CONTROL);
    expect(titled.split('\n')).toHaveLength(2);
  });
});
