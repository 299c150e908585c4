import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { mergeFleetNodes, nodesFromFlags, NodeSpecError, parseNodeFile, parseNodeSpec } from '../../../src/fleet/nodes/index.js';
import { readBoundedText } from '../../../src/topology/index.js';

const NODES_TXT = fileURLToPath(new URL('../../fixtures/fleet/nodes.txt', import.meta.url));

function specError(run: () => unknown): NodeSpecError {
  try {
    run();
  } catch (error: unknown) {
    if (error instanceof NodeSpecError) return error;
    throw error;
  }
  throw new Error('expected a NodeSpecError');
}

describe('fleet 3: --nodes specs', () => {
  it('fleet 3: EXPR:ROLE expands the range with the role; no role is k8s-node', () => {
    expect(parseNodeSpec('gpu[001-002]:k8s-node', '--nodes')).toEqual([
      { name: 'gpu001', roles: ['k8s-node'], origin: '--nodes' },
      { name: 'gpu002', roles: ['k8s-node'], origin: '--nodes' },
    ]);
    expect(parseNodeSpec('sys[1-3]:system-node', '--nodes').map((n) => n.roles)).toEqual([['system-node'], ['system-node'], ['system-node']]);
    expect(parseNodeSpec('login1', '--nodes')[0]?.roles).toEqual(['k8s-node']);
    expect(parseNodeSpec('bcm01:bcm-headnode+installer', '--nodes')[0]?.roles).toEqual(['bcm-headnode', 'installer']);
  });

  it('fleet 3: an address is its own address; IPv6 colons are not role separators', () => {
    expect(parseNodeSpec('10.0.5.[7-8]:system-node', '--nodes')).toEqual([
      { name: '10.0.5.7', roles: ['system-node'], address: '10.0.5.7', origin: '--nodes' },
      { name: '10.0.5.8', roles: ['system-node'], address: '10.0.5.8', origin: '--nodes' },
    ]);
    expect(parseNodeSpec('fd00::12', '--nodes')).toEqual([{ name: 'fd00::12', roles: ['k8s-node'], address: 'fd00::12', origin: '--nodes' }]);
    expect(parseNodeSpec('fd00::[1-2]:system-node', '--nodes').map((n) => [n.name, n.roles])).toEqual([
      ['fd00::1', ['system-node']],
      ['fd00::2', ['system-node']],
    ]);
    expect(parseNodeSpec('fd00::beef', '--nodes')[0]?.name).toBe('fd00::beef');
  });

  it.each([
    ['gpu[1-4]:k8snode', 'not "k8snode"'],
    ['gpu1:', 'a role after'],
    ['gpu1:k8s-node+', 'joined by'],
    ['gpu[1-', "']' closing"],
    ['-oProxyCommand=x:k8s-node', "never starts with '-'"],
    ['root@gpu1', 'user@'],
    ['gpu1:22', 'IPv6'],
    ['gpu[1-2]!gpu1', 'set operator'],
    ['', 'a node list'],
    ['@other.txt', 'names nodes, not other files'],
  ])('fleet 3: %j is a NodeSpecError naming its origin', (spec, expected) => {
    const error = specError(() => parseNodeSpec(spec, 'nodes.txt:7'));
    expect(error.origin).toBe('nodes.txt:7');
    expect(error.message).toMatch(/^nodes\.txt:7: /);
    expect(error.expected).toContain(expected);
  });

  it('fleet 3: @FILE reads one spec per line, comments and blanks skipped, duplicates merged with both roles', () => {
    const nodes = nodesFromFlags([`@${NODES_TXT}`, 'gpu004:system-node'], readBoundedText);
    expect(nodes.map((n) => n.name)).toEqual(['gpu001', 'gpu002', 'gpu003', 'gpu004', 'sys1', 'sys2', 'sys3', 'bcm01', '10.0.5.7', '10.0.5.8']);
    const byName = new Map(nodes.map((n) => [n.name, n]));
    expect(byName.get('gpu002')).toEqual({ name: 'gpu002', roles: ['k8s-node', 'system-node'], origin: `${NODES_TXT}:2, ${NODES_TXT}:7` });
    expect(byName.get('gpu004')).toEqual({ name: 'gpu004', roles: ['k8s-node', 'system-node'], origin: `${NODES_TXT}:2, --nodes` });
    expect(byName.get('bcm01')?.origin).toBe(`${NODES_TXT}:6`);
    expect(byName.get('10.0.5.7')?.address).toBe('10.0.5.7');
  });

  it('fleet 3: a bad line names FILE:LINE', () => {
    const error = specError(() => parseNodeFile('gpu1\n\n# fine\ngpu[3-1]:k8s-node\n', 'site-nodes.txt'));
    expect(error.origin).toBe('site-nodes.txt:4');
    expect(error.message).toContain('start is not above its end');
  });

  it('fleet 3: a missing or too large file is a NodeSpecError naming it', () => {
    expect(specError(() => nodesFromFlags(['@/nonexistent/nodes.txt'], readBoundedText)).message).toMatch(/^\/nonexistent\/nodes\.txt: .*ENOENT/);
    expect(specError(() => nodesFromFlags(['@/dev/zero'], readBoundedText)).message).toContain('TOO_LARGE');
    expect(specError(() => nodesFromFlags(['@'], readBoundedText)).expected).toContain("after '@'");
  });

  it('fleet 3: the node count is bounded across specs', () => {
    expect(specError(() => nodesFromFlags(['a[1-6000]', 'b[1-6000]'], readBoundedText)).expected).toContain('at most 10000 nodes');
  });

  it('fleet 3: merging keeps first-seen order and the first address', () => {
    const merged = mergeFleetNodes([
      [{ name: 'n1', roles: ['k8s-node'], origin: 'cmsh' }],
      [
        { name: 'n2', roles: ['k8s-node'], origin: 'kubectl', address: '10.0.0.2' },
        { name: 'n1', roles: ['system-node', 'k8s-node'], origin: 'kubectl', address: '10.0.0.1' },
      ],
    ]);
    expect(merged).toEqual([
      { name: 'n1', roles: ['k8s-node', 'system-node'], address: '10.0.0.1', origin: 'cmsh, kubectl' },
      { name: 'n2', roles: ['k8s-node'], address: '10.0.0.2', origin: 'kubectl' },
    ]);
  });
});
