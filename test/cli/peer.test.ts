import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { listenerPorts, loadCatalog, portSample, select } from '../../src/catalog/index.js';
import { parsePeer, parsePeerFile, parsePeerFlags, withPeers } from '../../src/cli/peers.js';
import { UsageError } from '../../src/cli/io.js';
import { classify, plan, planPeers, peerRunTargets, type Target } from '../../src/diagnose/index.js';
import type { GreetingStep } from '../../src/probes/index.js';
import { topologyFromFlags } from '../../src/topology/index.js';

const dir = mkdtempSync(join(tmpdir(), 'netreq-peer-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const catalog = loadCatalog();
const noProxy = { noProxy: '' };

describe('--peer HOST[:ROLE][#TOKEN]', () => {
  it.each([
    ['10.0.0.12', { host: '10.0.0.12', roles: ['k8s-node'] }],
    ['node-1.example.com:system-node', { host: 'node-1.example.com', roles: ['system-node'] }],
    ['10.0.0.12:k8s-node#3f9a1c0b2e4d', { host: '10.0.0.12', roles: ['k8s-node'], listenerId: '3f9a1c0b2e4d' }],
    ['Node-2#abcd', { host: 'node-2', roles: ['k8s-node'], listenerId: 'abcd' }],
    ['[fd00::12]:system-node#abcd', { host: 'fd00::12', roles: ['system-node'], listenerId: 'abcd' }],
    ['fd00::12', { host: 'fd00::12', roles: ['k8s-node'] }],
  ])('parses %s', (text, expected) => {
    expect(parsePeer(text)).toEqual(expected);
  });

  it.each([
    ['', /empty/],
    ['node-1:gpu-node', /'gpu-node' is not a role/],
    ['bad host!', /is not a host name or address/],
    ['node-1#x', /is not a token/],
    ['-node', /is not a host name/],
    ['[fd00::1', /is not a host name or address/],
    ['a:b:c', /'a:b:c' is not a host name or address/],
  ])('rejects %j with a usage error naming the problem', (text, message) => {
    expect(() => parsePeer(text)).toThrow(UsageError);
    expect(() => parsePeer(text)).toThrow(message);
  });

  it('reads a file of nodes, with comments, and names the bad line', () => {
    expect(parsePeerFile('# the nodes\n10.0.0.1:k8s-node#aaaa  # first\n\n10.0.0.2, 10.0.0.3:system-node\n', 'nodes.txt').map((p) => p.host)).toEqual(['10.0.0.1', '10.0.0.2', '10.0.0.3']);
    expect(() => parsePeerFile('10.0.0.1\nnot a host!\n', 'nodes.txt')).toThrow(/nodes.txt line 2/);
  });

  it('takes @FILE, merges a host given twice and refuses two tokens for one host', () => {
    writeFileSync(join(dir, 'nodes.txt'), '10.0.0.1:system-node\n10.0.0.2\n');
    const peers = parsePeerFlags(['@nodes.txt', '10.0.0.1:k8s-node#abcd'], { cwd: dir });
    expect(peers).toEqual([
      { host: '10.0.0.1', roles: ['system-node', 'k8s-node'], listenerId: 'abcd' },
      { host: '10.0.0.2', roles: ['k8s-node'] },
    ]);
    expect(() => parsePeerFlags(['@missing.txt'], { cwd: dir })).toThrow(/cannot read .*ENOENT/);
    expect(() => parsePeerFlags(['10.0.0.1#aaaa', '10.0.0.1#bbbb'], { cwd: dir })).toThrow(/different tokens/);
  });
});

describe('peer rules in the catalog', () => {
  it('samples a large range and keeps a small one whole', () => {
    expect(portSample({ from: 30000, to: 32767 })).toEqual([30000, 31383, 32767]);
    expect(portSample({ from: 2379, to: 2380 })).toEqual([2379, 2380]);
    expect(portSample({ from: 1, to: 65535 })).toHaveLength(3);
  });

  it('selects the overlay ports by CNI for the listener', () => {
    const ports = (cni: string): string[] =>
      listenerPorts(catalog, topologyFromFlags({ product: ['runai'], role: ['k8s-node'], cni })).map((p) => `${p.port}/${p.transport}`);
    expect(ports('cilium')).toEqual(expect.arrayContaining(['8472/udp', '6081/udp', '4240/tcp', '6443/tcp', '10250/tcp']));
    expect(ports('calico')).toEqual(expect.arrayContaining(['179/tcp', '4789/udp', '5473/tcp']));
    expect(ports('calico')).not.toContain('8472/udp');
    expect(ports('flannel')).toContain('8472/udp');
    expect(ports('other')).not.toEqual(expect.arrayContaining(['8472/udp']));
    // The HTTPS entrypoint is for system nodes only.
    expect(ports('other')).not.toContain('443/tcp');
    expect(listenerPorts(catalog, topologyFromFlags({ product: ['runai'], role: ['system-node'] })).map((p) => p.port)).toContain(443);
  });

  it('marks every internal rule as added guidance with its source', () => {
    const internal = catalog.rules.filter((r) => r.id.startsWith('runai.internal.') && r.check !== 'guidance');
    expect(internal.length).toBeGreaterThanOrEqual(10);
    for (const rule of internal) expect(rule.added?.reference, rule.id).toMatch(/^https:\/\//);
  });

  it('plans one listener check per peer, port and transport, with the token; missing peers stay input.missing', () => {
    const topology = withPeers(topologyFromFlags({ product: ['runai'], role: ['k8s-node', 'workstation'], cni: 'flannel' }), [
      { host: '10.0.0.2', roles: ['k8s-node'], listenerId: 'abcd' },
    ]);
    const selection = select(catalog, topology);
    const targets = peerRunTargets(plan(selection, { ...noProxy }), selection, topology.peers ?? []);
    const live = targets.filter((t) => t.skip === undefined);
    expect(live.every((t) => t.check === 'listener' && t.via === 'direct' && t.peer?.listenerId === 'abcd')).toBe(true);
    expect(live.map((t) => `${t.port}/${t.transport}`)).toEqual(expect.arrayContaining(['6443/tcp', '8472/udp', '30000/tcp', '32767/tcp']));
    // No system node given: the inbound 443 rules say which --peer fills them.
    const waiting = targets.filter((t) => t.skip !== undefined);
    expect(waiting.length).toBeGreaterThan(0);
    expect(waiting.every((t) => t.skip?.cause === 'input.missing' && t.skip.detail.includes('--peer'))).toBe(true);
    expect(planPeers(select(catalog, topologyFromFlags({ product: ['runai'], role: ['k8s-node'] })), [])).toEqual([]);
  });
});

function peerTarget(overrides: Partial<Target> = {}): Target {
  return {
    key: 'tcp://10.0.0.2:6443/tcp via direct', host: '10.0.0.2', pattern: '{peer}', port: 6443, transport: 'tcp', scheme: 'tcp', via: 'direct',
    check: 'listener', ruleIds: ['runai.internal.api-server'], siteOwned: true, retired: false, peer: { direction: 'internal', listenerId: 'abcd' }, ...overrides,
  };
}

function greeting(outcome: string, evidence: Partial<GreetingStep['evidence']> = {}, code?: string): GreetingStep {
  return {
    step: 'greeting', ok: outcome === 'greeting' || outcome === 'echo', outcome, ms: 1, ...(code !== undefined ? { code } : {}),
    evidence: { transport: 'tcp', port: 6443, address: '10.0.0.2', source: '10.0.0.1', attempts: [], ...evidence },
  };
}

describe('judging a peer check', () => {
  const context = { proxyConfigured: false };
  it.each<[string, GreetingStep, Partial<Target>, string, string | undefined]>([
    ['the right token', greeting('greeting', { listenerId: 'abcd', expectedListenerId: 'abcd', answeredPort: 6443 }), {}, 'pass', undefined],
    ['another listener', greeting('greeting', { listenerId: 'zzzz', expectedListenerId: 'abcd', answeredPort: 6443 }), {}, 'fail', 'peer.token-mismatch'],
    ['a forwarded port', greeting('greeting', { listenerId: 'abcd', expectedListenerId: 'abcd', answeredPort: 7000 }), {}, 'fail', 'peer.token-mismatch'],
    ['another service', greeting('other', { received: 'HTTP/1.1 400' }), {}, 'warn', 'peer.other-service'],
    ['a silent service', greeting('silent'), {}, 'warn', 'peer.other-service'],
    ['sshd on 22', greeting('other', { port: 22, protocol: 'ssh', received: 'SSH-2.0-OpenSSH' }), { port: 22 }, 'pass', undefined],
    ['a reject', greeting('refused', {}, 'ECONNREFUSED'), {}, 'fail', 'peer.refused'],
    ['a drop', greeting('timeout', {}, 'ETIMEDOUT'), {}, 'fail', 'peer.timeout'],
    ['no route', greeting('unreachable', {}, 'EHOSTUNREACH'), {}, 'fail', 'peer.unreachable'],
    ['no UDP echo', greeting('no-reply', { transport: 'udp', port: 8472 }, 'ETIMEDOUT'), { transport: 'udp', port: 8472 }, 'fail', 'peer.no-echo'],
    ['Ctrl-C', greeting('aborted', {}, 'ABORT_ERR'), {}, 'skip', 'check.interrupted'],
  ])('%s', (_, step, target, status, cause) => {
    const finding = classify(peerTarget(target), [step], context);
    expect(finding.status).toBe(status);
    expect(finding.cause).toBe(cause);
  });

  it('names the direction, the source and the destination in the remediation', () => {
    const finding = classify(peerTarget(), [greeting('timeout', {}, 'ETIMEDOUT')], context);
    expect(finding.remediation).toContain('internal (node to node)');
    expect(finding.remediation).toContain('10.0.0.1');
    expect(finding.remediation).toContain('10.0.0.2 port 6443/tcp');
  });

  it('notes an unchecked token and the expected service', () => {
    const unchecked = classify(peerTarget({ peer: { direction: 'inbound' } }), [greeting('greeting', { listenerId: 'abcd', answeredPort: 6443 })], context);
    expect(unchecked.status).toBe('pass');
    expect(unchecked.notes.map((n) => n.code)).toEqual(['peer.token-unchecked']);
    const sshd = classify(peerTarget({ port: 22 }), [greeting('other', { port: 22, protocol: 'ssh' })], context);
    expect(sshd.notes.map((n) => n.code)).toEqual(['peer.expected-service']);
  });
});
