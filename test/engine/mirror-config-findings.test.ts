// The registry files' problems as findings of this machine (mirrorConfigFindings), read from real
// containerd files under a temporary system root.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { mirrorConfigFindings } from '../../src/engine/mirrors.js';
import { readRegistryConfig } from '../../src/host/index.js';

const root = mkdtempSync(join(tmpdir(), 'netreq-mirror-findings-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('mirrors 4: a registry file\'s problems as findings', () => {
  it('mirrors 4: a CA file hosts.toml names but that is missing fails, and its verify line opens that CA file, not hosts.toml', () => {
    mkdirSync(join(root, 'etc/containerd/certs.d/docker.io'), { recursive: true });
    writeFileSync(join(root, 'etc/containerd/config.toml'), 'version = 2\n[plugins."io.containerd.grpc.v1.cri".registry]\n  config_path = "/etc/containerd/certs.d"\n');
    writeFileSync(join(root, 'etc/containerd/certs.d/docker.io/hosts.toml'), '[host."https://mirror.corp.example"]\n  capabilities = ["pull", "resolve"]\n  ca = "/etc/pki/mirror-ca.crt"\n');
    const findings = mirrorConfigFindings(readRegistryConfig(root).issues);
    const unreadable = findings.find((f) => f.cause === 'mirror.ca-unreadable');
    expect(unreadable).toMatchObject({ status: 'fail', ruleIds: ['runtime.containerd'], target: { host: 'docker.io' }, source: 'runtime' });
    expect(unreadable?.explanation).toContain('/etc/containerd/certs.d/docker.io/hosts.toml:');
    expect(unreadable?.explanation).toContain('/etc/pki/mirror-ca.crt does not exist');
    expect(unreadable?.verify).toBe('openssl x509 -noout -subject -in /etc/pki/mirror-ca.crt');
  });
});
