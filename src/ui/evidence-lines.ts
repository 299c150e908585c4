// A step's raw evidence as short lines a person reads on the finding's detail screen.
import type { StepResult } from '../schema/index.js';
import type { HttpHead } from '../schema/index.js';
import { formatMs } from './text-layout.js';

function head(response: HttpHead | undefined): string {
  if (!response) return 'no response';
  const title = response.title ? ` "${response.title}"` : '';
  return `${response.status} ${response.reason}${title}`;
}

function detail(step: StepResult): string[] {
  switch (step.step) {
    case 'dns': {
      const e = step.evidence;
      const system = `system (${e.system.via}): ${e.system.addresses.join(', ') || e.system.code || 'no address'}`;
      const servers = e.servers.map(
        (s) => `${s.server} ${s.type}/${s.protocol}: ${s.rcode ?? s.error ?? ''} ${s.addresses.join(', ')}`.trimEnd(),
      );
      return [system, ...servers, ...(e.proxyResolves ? ['the proxy resolves this name; local DNS is evidence only'] : [])];
    }
    case 'tcp': {
      const e = step.evidence;
      return e.attempts.map((a) => `${e.to} ${a.address} port ${e.port}: ${a.outcome}${a.code ? ` (${a.code})` : ''} ${formatMs(a.ms)}`);
    }
    case 'proxy': {
      const e = step.evidence;
      const lines = [`${e.method} ${e.target} via ${e.proxy}: ${head(e.response)}`];
      if (e.proxyError) lines.push(`proxy error: ${e.proxyError}${e.proxyProduct ? ` (${e.proxyProduct})` : ''}`);
      if (e.authSchemes && e.authSchemes.length > 0) lines.push(`asks for: ${e.authSchemes.join(', ')}; credentials sent: ${!e.sentCredentials ? 'no' : e.sentPassword === false ? 'a user, no password' : 'yes'}`);
      return lines;
    }
    case 'tls': {
      const e = step.evidence;
      const leaf = e.chain[0];
      const lines = [`server name ${e.servername}${e.protocol ? `, ${e.protocol}` : ''}${e.trust ? `, trust: ${e.trust}` : ''}`];
      if (leaf) {
        lines.push(`subject: ${leaf.subject}`, `issuer: ${leaf.issuer}`, `valid ${leaf.validFrom} to ${leaf.validTo}`);
      }
      if (e.anchor) lines.push(`anchored by: ${e.anchor}`);
      if (e.authorizationError) lines.push(`error: ${e.authorizationError}`);
      if (e.message) lines.push(e.message);
      return lines;
    }
    case 'http': {
      const e = step.evidence;
      const lines = [`${e.method} ${e.url}: ${head(e.response)}`];
      if (e.response?.bodySnippet) lines.push(`body: ${e.response.bodySnippet}`);
      if (e.clockSkewSeconds !== undefined && Math.abs(e.clockSkewSeconds) > 60) lines.push(`clock skew: ${e.clockSkewSeconds}s`);
      return lines;
    }
    case 'ssh':
      return [step.evidence.banner ? `banner: ${step.evidence.banner}` : `received: ${step.evidence.received ?? 'nothing'}`];
    case 'udp':
      return [`${step.evidence.address} port ${step.evidence.port}: ${step.evidence.reply ?? 'no reply'}`];
    case 'pull':
      return [`pull ${step.evidence.image}: ${step.outcome}`, ...step.evidence.hops.slice(0, 10).map((h) => `${h.purpose} ${h.host}:${h.port}${h.status !== undefined ? ` ${h.status}` : ''} ${h.outcome}`)];
    case 'greeting':
      return [`${step.evidence.address ?? 'peer'} ${step.evidence.port}/${step.evidence.transport}: ${step.evidence.listenerId !== undefined ? `netreq listener, token ${step.evidence.listenerId}` : (step.evidence.received ?? step.code ?? step.outcome)}`];
    default: {
      const unreachable: never = step;
      return unreachable;
    }
  }
}

/** `tcp refused 3ms (ECONNREFUSED)` then the step's evidence, indented. */
export function evidenceLines(step: StepResult): string[] {
  const summary = `${step.step} ${step.outcome} ${formatMs(step.ms)}${step.code ? ` (${step.code})` : ''}`;
  return [summary, ...detail(step).map((line) => `  ${line}`)];
}
