import { describe, expect, it } from 'vitest';
import { checkNodeName, ipv6Bytes, isIpAddress } from '../../../src/fleet/nodes/index.js';

describe('fleet 2: one node name', () => {
  it.each([
    ['gpu001', 'gpu001', 'dns'],
    ['GPU001.Cluster.Local', 'gpu001.cluster.local', 'dns'],
    ['dgx-a100-01', 'dgx-a100-01', 'dns'],
    ['node_07', 'node_07', 'dns'],
    ['10.0.0.1', '10.0.0.1', 'ipv4'],
    ['fd00::12', 'fd00::12', 'ipv6'],
    ['FD00::AB', 'fd00::ab', 'ipv6'],
    ['::ffff:10.1.2.3', '::ffff:10.1.2.3', 'ipv6'],
    ['a'.repeat(63), 'a'.repeat(63), 'dns'],
  ])('fleet 2: %j is taken as %j (%s)', (text, name, kind) => {
    expect(checkNodeName(text)).toEqual({ ok: true, name, kind });
  });

  // Each row: the name, where it is wrong, words of what was expected.
  it.each([
    ['-oProxyCommand=touch /tmp/x', 0, "does not start with '-'"],
    ['root@gpu1', 4, 'user@'],
    ['gpu1;reboot', 4, '";"'],
    ['gpu1 gpu2', 4, '" "'],
    ['gpu$(id)', 3, '"$"'],
    ['gpu`id`', 3, '"`"'],
    ['gpu1\n', 4, '"\\n"'],
    ['gpu1:22', 4, 'IPv6'],
    ['fe80::1%eth0', 4, 'IPv6'],
    ['010.0.0.1', 0, 'leading zeros'],
    ['10.0.0.256', 0, 'IPv4'],
    ['1.2.3', 0, 'IPv4'],
    ['gpu..local', 4, 'between dots'],
    ['gpu.', 4, 'trailing dot'],
    ['-gpu', 0, "'-'"],
    ['gpu-.local', 3, "end with '-'"],
    ['a'.repeat(64), 63, 'at most 63'],
    [`${'a.'.repeat(127)}ab`, 253, 'at most 253'],
    ['', 0, 'a node name'],
  ])('fleet 2: %j is refused at %i', (text, position, expected) => {
    const checked = checkNodeName(text);
    expect(checked.ok).toBe(false);
    if (checked.ok) return;
    expect(checked.position).toBe(position);
    expect(checked.expected).toContain(expected);
  });

  it('fleet 2: reads IP addresses as Node does, without zones', () => {
    expect(ipv6Bytes('::1')).toEqual([...Array<number>(15).fill(0), 1]);
    expect(ipv6Bytes('1:2:3:4:5:6:1.2.3.4')?.slice(12)).toEqual([1, 2, 3, 4]);
    for (const bad of ['1::2::3', ':1', '1:', '12345::', '1:2:3:4:5:6:7:8:9', '::1:2:3:4:5:6:7:8']) expect(ipv6Bytes(bad)).toBeUndefined();
    expect(isIpAddress('10.1.2.3')).toBe(true);
    expect(isIpAddress('gpu1')).toBe(false);
  });
});
