import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { RootFiles, readRuntimeProxy } from '../../src/host/index.js';
import { startSite } from '../../src/sim/index.js';

describe('follow-the-pull 8: the simulated node\'s container runtime', () => {
  it("follow-the-pull 8: runtime.containerd.env is containerd's drop-in under a system root the host facts reader reads; close removes it", async () => {
    const site = await startSite({
      proxy: { name: 'proxy.corp.example' },
      runtime: {
        containerd: {
          env: { HTTPS_PROXY: 'http://svc:pw@proxy.corp.example:3128', HTTP_PROXY: 'http://proxy-old.corp.example:8080', NO_PROXY: '.corp.example,10.0.0.0/8' },
        },
      },
    });
    const root = site.systemRoot ?? '';
    try {
      expect(root).not.toBe('');
      const containerd = readRuntimeProxy('containerd', new RootFiles(root));
      const endpoint = new URL(site.proxyEndpoint ?? '');
      expect(containerd.present).toBe(true);
      // The site's proxy by name goes to the simulated one (its credentials kept); another proxy is left as written.
      expect(containerd.effective).toEqual({
        httpsProxy: `http://svc:pw@${endpoint.host}`,
        httpProxy: 'http://proxy-old.corp.example:8080',
        noProxy: '.corp.example,10.0.0.0/8',
      });
      expect([...new Set(containerd.sources.map((s) => s.path))]).toEqual(['/etc/systemd/system/containerd.service.d/http-proxy.conf']);
    } finally {
      await site.close();
    }
    expect(existsSync(root)).toBe(false);
  });

  it('follow-the-pull 8: without runtime in the spec there is no system root', async () => {
    const site = await startSite({});
    try {
      expect(site.systemRoot).toBeUndefined();
    } finally {
      await site.close();
    }
  });
});
