import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { parseSiteSpec } from '../../src/sim/index.js';

/** The example given to the scenario authors: it must stay valid. */
const EXAMPLE = `
default: {}                      # every name not listed: resolves, TLS good, HTTP 200, /v2/ 401 Bearer, 80 -> 301
hosts:
  registry-1.docker.io: { dns: sinkhole }
  auth.docker.io:       { dns: nxdomain }
  "*.blob.core.windows.net":
    ports: { 443: silent }        # the firewall drops SYNs
  archive.ubuntu.com:
    ports: { 80: refused }
  pypi.org:
    ports: { 443: { tls: { interceptedBy: Contoso TLS Inspection CA } } }
  nvcr.io:
    ports: { 443: { latencyMs: 40, http: { paths: { /v2/: rate-limited } } } }
  runai.corp.example:
    dns: { addresses: [10.20.30.40] }
    ports: { 443: { tls: { issuedBy: Corp Root CA } } }
  headnode-1.corp.example:
    ports: { 22: { ssh: not-ssh } }
dns: { server: answer }
proxy:
  mode: [auth, deny]
  credentials: { user: alice, password: secret }
  deny: [.docker.io]
  offer: [Basic, NTLM]
clock: { offsetSeconds: 0 }
trustInterceptCa: false
trustedCas: [Corp Root CA]
`;

describe('the documented YAML example', () => {
  it('parses', () => {
    const parsed = parseSiteSpec(parse(EXAMPLE));
    expect(parsed.ok ? [] : parsed.errors).toEqual([]);
  });
});
