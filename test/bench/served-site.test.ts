import { describe, expect, it } from 'vitest';
import { connectToRules } from '../../bench/lib/served-site.js';
import { connectToRoute, parseConnectTo } from '../../src/net/index.js';

describe('the bench points netreq at its served site with --connect-to', () => {
  const routes = [
    { host: 'a.example', port: 443, address: '203.0.113.1', loopbackPort: 4001 },
    { host: 'b.example', port: 443, address: '203.0.113.2', loopbackPort: 4001 },
    { host: 'silent.example', port: 443, address: '203.0.113.3', loopbackPort: 4999 },
    { host: 'a.example', port: 80, address: '203.0.113.1', loopbackPort: 4002 },
  ];

  it('one catch-all per port for the shared listener, host rules first for the others', () => {
    expect(connectToRules(routes)).toEqual(['silent.example:443:127.0.0.1:4999', ':443:127.0.0.1:4001', ':80:127.0.0.1:4002']);
  });

  it('every route lands where the site serves it', () => {
    const route = connectToRoute(connectToRules(routes).map(parseConnectTo));
    for (const r of routes) expect(route(r.host, r.address, r.port)).toEqual({ address: '127.0.0.1', port: r.loopbackPort });
  });
});
