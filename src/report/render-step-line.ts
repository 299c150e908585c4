import type { DnsServerAnswer, DnsStep, GreetingStep, HttpHead, HttpStep, ProxyStep, SshStep, StepResult, TcpStep, TlsStep, UdpStep } from '../schema/index.js';
import { oneLine, redactCredentials } from './sanitize.js';

/**
 * What `curl -v`, `dig` or `openssl s_client` would have shown for one step: a head line and,
 * indented below it, the details that matter. Evidence is untrusted: every value is one clean line.
 */
const INDENT = '      ';
const q = (text: string, max = 120): string => oneLine(text, max);
const ms = (value: number): string => `${Math.round(value)} ms`;

function hostPort(address: string, port: number): string {
  return address.includes(':') ? `[${address}]:${port}` : `${address}:${port}`;
}

function serverLine(a: DnsServerAnswer): string {
  const what = a.error !== undefined && a.rcode === undefined ? a.error : (a.rcode ?? 'no answer');
  const addresses = a.addresses.length > 0 ? ` ${a.addresses.map((x) => q(x, 60)).join(', ')}` : '';
  const cnames = a.cnames.length > 0 ? ` cname ${a.cnames.map((x) => q(x, 80)).join(' -> ')}` : '';
  const ttl = a.ttl !== undefined ? ` ttl ${a.ttl}` : '';
  const tc = a.truncated ? ' truncated' : '';
  return `${INDENT}@${q(a.server, 60)} ${a.type} ${q(what, 40)}${addresses}${cnames}${ttl}${tc} (${a.protocol}, ${ms(a.ms)})`;
}

function dnsLines(step: DnsStep): string[] {
  const ev = step.evidence;
  const result = ev.system.addresses.length > 0 ? ` -> ${ev.system.addresses.map((a) => q(a, 60)).join(', ')}` : `: ${q(ev.system.code ?? step.outcome, 40)}`;
  const proxy = ev.proxyResolves ? '; the proxy resolves' : '';
  return [`dns   ${q(ev.host, 120)}${result} (${q(ev.system.via, 60)}, ${ms(step.ms)})${proxy}`, ...ev.servers.map(serverLine)];
}

function tcpLines(step: TcpStep): string[] {
  const ev = step.evidence;
  const to = ev.to === 'proxy' ? 'proxy ' : '';
  const routes = ev.ipv4Route !== undefined || ev.ipv6Route !== undefined ? ` routes: IPv4 ${ev.ipv4Route ? 'yes' : 'no'}, IPv6 ${ev.ipv6Route ? 'yes' : 'no'}` : '';
  const attempt = (a: TcpStep['evidence']['attempts'][number]): string =>
    `${hostPort(q(a.address, 60), ev.port)}${a.connectTo !== undefined ? ` via --connect-to ${q(a.connectTo, 60)}` : ''} ${a.outcome}${a.code !== undefined ? ` ${q(a.code, 40)}` : ''} (${ms(a.ms)})`;
  const first = ev.attempts[0];
  if (ev.attempts.length === 1 && first) return [`tcp   ${to}${attempt(first)}${routes}`];
  const head = ev.connected !== undefined ? `connected to ${hostPort(q(ev.connected, 60), ev.port)}` : `${step.outcome}${step.code !== undefined ? ` ${q(step.code, 40)}` : ''}`;
  return [`tcp   ${to}port ${ev.port}: ${head} (${ms(step.ms)})${routes}`, ...ev.attempts.map((a) => `${INDENT}${attempt(a)}`)];
}

function headLines(head: HttpHead, names: readonly string[]): string[] {
  const lines: string[] = [];
  for (const name of names) {
    const value = head.headers[name];
    if (value !== undefined) lines.push(`${INDENT}< ${name}: ${q(value)}`);
  }
  if (head.title !== undefined) lines.push(`${INDENT}title: "${q(head.title)}"`);
  return lines;
}

function proxyLines(step: ProxyStep): string[] {
  const ev = step.evidence;
  const request = `${ev.method} ${q(ev.target, 120)} via ${q(redactCredentials(ev.proxy), 120)}`;
  const creds = !ev.sentCredentials ? '' : ev.sentPassword === false ? ' (a user sent, no password)' : ' (credentials sent)';
  if (!ev.response) return [`proxy ${request}${creds}: no answer, ${q(step.code ?? step.outcome, 40)} (${ms(step.ms)})`];
  const status = `${ev.response.status} ${q(ev.response.reason, 60)}`.trim();
  const lines = [`proxy ${request}${creds} -> ${status} (${ms(step.ms)})`];
  if (ev.authSchemes && ev.authSchemes.length > 0) lines.push(`${INDENT}offers: ${ev.authSchemes.map((s) => q(s, 30)).join(', ')}`);
  if (ev.proxyError !== undefined && ev.response.headers['x-squid-error'] === undefined) lines.push(`${INDENT}error: ${q(ev.proxyError)}`);
  return [...lines, ...headLines(ev.response, ['x-squid-error', 'server', 'via'])];
}

function tlsLines(step: TlsStep): string[] {
  const ev = step.evidence;
  if (ev.chain.length === 0) {
    const message = ev.message !== undefined ? ` ${q(ev.message)}` : '';
    // Nothing back after the ClientHello and a large flight lost look alike but for the bytes received.
    const received = ev.bytesReceived !== undefined ? `, ${ev.bytesReceived} bytes received` : '';
    return [`tls   ${q(ev.servername, 120)}: handshake ${step.outcome}, ${q(step.code ?? 'no code', 60)}${message}${received} (${ms(step.ms)})`];
  }
  const parts = [ev.protocol, ev.alpn ? `alpn ${ev.alpn}` : undefined, ev.trust ? `trust ${ev.trust}` : undefined]
    .filter((p): p is string => p !== undefined)
    .map((p) => q(p, 60));
  const name = ev.hostnameMatches === false ? 'name MISMATCH' : 'name ok';
  const error = ev.authorizationError !== undefined ? `, ${q(ev.authorizationError, 60)}` : '';
  const lines = [`tls   ${q(ev.servername, 120)}: ${[...parts, name].join(', ')}${error} (${ms(step.ms)})`];
  ev.chain.forEach((cert, index) => {
    lines.push(`${INDENT}${index} s:${q(cert.subject, 100)}`);
    lines.push(`${INDENT}  i:${q(cert.issuer, 100)}  ${q(cert.validFrom, 30)} .. ${q(cert.validTo, 30)}`);
  });
  if (ev.anchor !== undefined) lines.push(`${INDENT}anchor: ${q(ev.anchor, 100)}`);
  return lines;
}

function httpLines(step: HttpStep): string[] {
  const ev = step.evidence;
  const request = `${q(ev.method, 10)} ${q(redactCredentials(ev.url), 160)}`;
  if (!ev.response) return [`http  ${request}: no answer, ${q(step.code ?? step.outcome, 40)} (${ms(step.ms)})`];
  const status = `${ev.response.status} ${q(ev.response.reason, 60)}`.trim();
  const lines = [`http  ${request} -> ${status} (${ms(step.ms)})`];
  lines.push(...headLines(ev.response, ['content-type', 'www-authenticate', 'location', 'server', 'retry-after', 'x-squid-error']));
  if (ev.clockSkewSeconds !== undefined && Math.abs(ev.clockSkewSeconds) > 60) lines.push(`${INDENT}clock: local is ${ev.clockSkewSeconds} s off the server's Date`);
  return lines;
}

function sshLines(step: SshStep): string[] {
  const ev = step.evidence;
  if (ev.banner !== undefined) return [`ssh   banner "${q(ev.banner, 200)}" (${ms(step.ms)})`];
  if (ev.received !== undefined) return [`ssh   received "${q(ev.received, 120)}" (${ms(step.ms)})`];
  return [`ssh   no banner: ${q(step.code ?? step.outcome, 40)} (${ms(step.ms)})`];
}

function udpLines(step: UdpStep): string[] {
  const ev = step.evidence;
  const reply = ev.reply !== undefined ? `reply "${q(ev.reply, 80)}"` : `no reply${step.code !== undefined ? `, ${q(step.code, 40)}` : ''}`;
  return [`udp   ${hostPort(q(ev.address, 60), ev.port)} ${reply} (${ms(step.ms)})`];
}

function greetingLines(step: GreetingStep): string[] {
  const ev = step.evidence;
  const where = `${ev.transport} ${ev.address !== undefined ? hostPort(q(ev.address, 60), ev.port) : `port ${ev.port}`}`;
  const seen =
    ev.listenerId !== undefined
      ? `netreq listener, token ${q(ev.listenerId, 64)}${ev.expectedListenerId !== undefined ? ` (expected ${q(ev.expectedListenerId, 64)})` : ''}`
      : ev.received !== undefined
        ? `received "${q(ev.received, 120)}"`
        : q(step.code ?? step.outcome, 40);
  return [`peer  ${where}${ev.source !== undefined ? ` from ${q(ev.source, 60)}` : ''}: ${seen} (${ms(step.ms)})`];
}

/** One or a few lines (joined by `\n`) for `-v`, in the spirit of curl -v and dig. */
/** A registry pull: the image, then each request it made (host, status, bytes). */
function pullLines(step: Extract<StepResult, { step: 'pull' }>): string[] {
  const e = step.evidence;
  const head = `pull ${oneLine(e.image, 200)} (${oneLine(e.platform, 40)}): ${oneLine(step.outcome, 40)}${step.code !== undefined ? ` ${oneLine(step.code, 60)}` : ''} (${Math.round(step.ms)} ms)`;
  const hops = e.hops.slice(0, 20).map((h) => `  ${h.purpose} ${h.method} ${oneLine(h.host, 120)}:${h.port}${h.status !== undefined ? ` -> ${h.status}` : ''} ${oneLine(h.outcome, 40)} ${h.bytes} bytes`);
  return [head, ...hops];
}

export function renderStepLine(step: StepResult): string {
  switch (step.step) {
    case 'dns':
      return dnsLines(step).join('\n');
    case 'tcp':
      return tcpLines(step).join('\n');
    case 'proxy':
      return proxyLines(step).join('\n');
    case 'tls':
      return tlsLines(step).join('\n');
    case 'http':
      return httpLines(step).join('\n');
    case 'ssh':
      return sshLines(step).join('\n');
    case 'udp':
      return udpLines(step).join('\n');
    case 'greeting':
      return greetingLines(step).join('\n');
    case 'pull':
      return pullLines(step).join('\n');
    default: {
      const unreachable: never = step;
      return unreachable;
    }
  }
}
