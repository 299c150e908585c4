// What cmsh and kubectl print is untrusted: rows and items that are no valid nodes never become
// nodes (a name such as `-oProxyCommand=...` included), and output that is no table or list at all
// is a clear error.
import { describe, expect, it } from 'vitest';
import { NodeSourceError, parseBcmDevices, parseKubernetesNodes, rolesOfCategory, rolesOfLabels } from '../../../src/fleet/nodes/index.js';

const TABLE_HEAD = 'type                   hostname (key)   category         ip\n---------------------- ---------------- ---------------- ---------------\n';

describe('fleet 4: reading cmsh and kubectl output', () => {
  it('fleet 4: cmsh rows that are no usable node are skipped with the reason', () => {
    const rows = [
      'PhysicalNode           -oProxyCommand=x dgx-h100         10.141.0.9',
      'PhysicalNode           gpu;reboot       dgx-h100         10.141.0.8',
      'PhysicalNode           gpu-007          dgx h100 $(id)   10.141.0.7',
      'Physical Node          gpu-006          dgx-h100         10.141.0.6',
      'PhysicalNode           gpu-005          dgx-h100         not-an-ip',
      'PhysicalNode           GPU-004          DGX-system       10.141.0.4',
    ];
    const result = parseBcmDevices(TABLE_HEAD + rows.join('\n'));
    expect(result.nodes).toEqual([
      { name: 'gpu-005', roles: ['k8s-node'], origin: 'cmsh category dgx-h100' },
      { name: 'gpu-004', roles: ['system-node'], address: '10.141.0.4', origin: 'cmsh category DGX-system' },
    ]);
    expect(result.skipped.map((s) => s.name)).toEqual(['-oProxyCommand=x', 'gpu;reboot', 'gpu-007', 'gpu-006']);
    expect(result.skipped[0]?.reason).toContain("line 3: not a usable host name (expected a node name that does not start with '-'");
  });

  it('fleet 4: cmsh output without the table or its columns is a NodeSourceError', () => {
    expect(() => parseBcmDevices('')).toThrow(NodeSourceError);
    expect(() => parseBcmDevices('Error: not connected\n')).toThrow(/expected a device table/);
    expect(() => parseBcmDevices('hostname (key)   ip\n---------------- --------\nnode001          10.0.0.1\n')).toThrow(/expected a 'type' column/);
  });

  it('fleet 4: the category rule: system in the name is a system node, the rest k8s nodes', () => {
    expect(rolesOfCategory('runai-system')).toEqual(['system-node']);
    expect(rolesOfCategory('K8S-SYSTEM-NODES')).toEqual(['system-node']);
    expect(rolesOfCategory('k8s-ctrl-node')).toEqual(['k8s-node']);
    expect(rolesOfCategory('default')).toEqual(['k8s-node']);
  });

  it('fleet 4: kubectl items that are no usable Node are skipped; names are checked', () => {
    const list = {
      kind: 'List',
      items: [
        { metadata: { name: '-oProxyCommand=x' } },
        { metadata: { name: 'ok-1', labels: { 'node-role.kubernetes.io/runai-system': 'true' } }, status: { addresses: [{ type: 'Hostname', address: 'ok-1' }, { type: 'InternalIP', address: 'not an ip' }, { type: 'InternalIP', address: 'FD00::1' }] } },
        { metadata: {} },
        'not an object',
        { metadata: { name: 'ok-2', labels: { 'node-role.kubernetes.io/runai-system': 7 } } },
      ],
    };
    const result = parseKubernetesNodes(JSON.stringify(list));
    expect(result.nodes).toEqual([{ name: 'ok-1', roles: ['k8s-node', 'system-node'], address: 'fd00::1', origin: 'kubectl' }]);
    expect(result.skipped.map((s) => s.name)).toEqual(['-oProxyCommand=x', 'items[2]', 'items[3]', 'items[4]']);
  });

  it('fleet 4: kubectl output that is no node list is a NodeSourceError', () => {
    expect(() => parseKubernetesNodes('error: You must be logged in to the server (Unauthorized)')).toThrow(/expected the JSON of a node list/);
    expect(() => parseKubernetesNodes('{"kind":"Status"}')).toThrow(/expected a node list with 'items'/);
    expect(() => parseKubernetesNodes(JSON.stringify({ items: Array.from({ length: 10_001 }, () => ({})) }))).toThrow(/at most 10000/);
  });

  it('fleet 4: the label rule: runai-system (and the older runai-system-worker) makes a system node', () => {
    expect(rolesOfLabels({ 'node-role.kubernetes.io/runai-system': '' })).toEqual(['k8s-node', 'system-node']);
    expect(rolesOfLabels({ 'node-role.kubernetes.io/runai-system-worker': 'true' })).toEqual(['k8s-node', 'system-node']);
    expect(rolesOfLabels({ 'node-role.kubernetes.io/control-plane': '', 'node-role.kubernetes.io/runai-gpu-worker': 'true' })).toEqual(['k8s-node']);
  });
});
