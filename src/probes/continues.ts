import { sinkholeAddresses } from './address-class.js';
import { certDatesProblem, hostnameMatches, localAnswer, stepLocalTime, trustOf } from './evidence.js';
import type { DnsStep, StepResult, TlsStep } from '../schema/index.js';

/**
 * Whether a target's chain goes on to its next step after `step`, from what the step saw alone:
 * no cause codes, no classifier. The classifier judges the whole chain once, afterwards, and
 * stops at the same steps; where a step the classifier fails goes on here, it is for evidence
 * that the classifier needs (the server's Date), never for a connection it would not make.
 *
 * - A failed step (`ok: false`) stops the chain: there is nothing to go on with.
 * - DNS: an answer that is a DNS filter's sinkhole (`sinkholeAddresses`, the classifier's own
 *   test for `dns.sinkhole`) stops it, so netreq never connects to this machine, or to an address
 *   no service has, for a blocked name. A route through a proxy that resolves for us goes on: the
 *   next step connects to the proxy, and the local answer is evidence only. A name that does not
 *   resolve at all has `ok: false` (the `dns.mismatch` "lookup-failed" stop is such a step).
 * - TLS: a handshake that completed with a certificate out of its dates goes on, whatever else
 *   is wrong with it, so that the HTTP step reads the server's `Date`: the classifier judges the
 *   dates first and tells `tls.expired` / `tls.not-yet-valid` from `clock.skew` with it (as the
 *   runner did before this rule). Otherwise a chain no trusted root anchors (`tls.untrusted`,
 *   `tls.intercepted`) or a certificate for another name (`tls.hostname-mismatch`) stops it: no
 *   request goes through an interception box or to a server netreq cannot authenticate, and the
 *   classifier stops there anyway. A chain anchored by an extra CA (`--ca-file`) goes on: the
 *   classifier only warns about it.
 * - Any other step that succeeded goes on (a proxy's CONNECT or GET is `ok` exactly when the
 *   classifier lets it pass; TCP, HTTP, SSH, UDP and greeting steps stop the chain only by failing).
 *
 * A retired target's chain follows the same rule: it stops where the classifier stops, and the
 * classifier makes that failure a warning.
 */
export function continues(step: StepResult): boolean {
  if (!step.ok) return false;
  switch (step.step) {
    case 'dns':
      return !sinkholed(step);
    case 'tls':
      return tlsGoesOn(step);
    default:
      return true;
  }
}

function sinkholed(step: DnsStep): boolean {
  const ev = step.evidence;
  if (ev.proxyResolves === true) return false;
  return sinkholeAddresses(localAnswer(step), ev.host, ev.siteOwned === true).length > 0;
}

function tlsGoesOn(step: TlsStep): boolean {
  if (step.evidence.chain.length === 0) return true;
  if (certDatesProblem(step, stepLocalTime(step)) !== undefined) return true;
  return trustOf(step) !== 'untrusted' && hostnameMatches(step);
}
