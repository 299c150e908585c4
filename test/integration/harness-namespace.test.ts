// The namespace harness itself: isolation, its own resolver files, veth links, and cleanup that
// leaves nothing behind (normal destroy, process exit, and a creator killed outright).
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';
import { createNamespace, describeWithDeps, link, startListeners, tcpConnect } from '../harness/index.js';
import { execTracked } from '../harness/proc.js';

const REPO = fileURLToPath(new URL('../../', import.meta.url));

async function netnsList(): Promise<string[]> {
  const r = await execTracked('ip', ['netns', 'list']);
  return r.stdout
    .split('\n')
    .map((l) => l.split(' ')[0] ?? '')
    .filter((n) => n !== '');
}

/** Running, and not a zombie waiting for a parent (init here may reap late). */
const pidAlive = (pid: number): boolean => {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return !/^\d+ \(.*\) [ZX]/.test(stat);
  } catch {
    return false;
  }
};

describeWithDeps('network namespace harness', ['ip', 'ss'], () => {
  it('gives the namespace its own loopback addresses, resolv.conf, hosts and nsswitch', async () => {
    const ns = await createNamespace({
      addresses: ['203.0.113.10', '2001:db8::10'],
      hosts: { '198.51.100.7': ['headnode.site.example'] },
      resolvOptions: ['timeout:1', 'attempts:1'],
    });
    try {
      expect(ns.name).toMatch(new RegExp(`^netreq-${process.pid}-\\d+$`));
      const addrs = await ns.run('ip', ['-o', 'addr', 'show', 'dev', 'lo']);
      expect(addrs).toContain('203.0.113.10/32');
      expect(addrs).toContain('2001:db8::10/128');
      expect(addrs).toContain('192.0.2.1/32'); // the machine's own address, for AI_ADDRCONFIG
      expect(await ns.run('cat', ['/etc/resolv.conf'])).toBe('nameserver 127.0.0.1\noptions timeout:1 attempts:1\n');
      expect(await ns.run('getent', ['hosts', 'headnode.site.example'])).toMatch(/^198\.51\.100\.7\s+headnode\.site\.example/);
      expect(await ns.run('cat', ['/etc/nsswitch.conf'])).toContain('hosts: files dns');
      // Only lo: no route anywhere else, so nothing can leave the namespace.
      expect((await ns.run('ip', ['-o', 'link'])).trim().split('\n')).toHaveLength(1);
      expect((await ns.exec('ip', ['route', 'get', '192.0.2.200'])).code).not.toBe(0);
    } finally {
      await ns.destroy();
    }
  });

  it('runs commands with a minimal environment: no proxy variables leak in from this machine', async () => {
    const ns = await createNamespace();
    try {
      const r = await ns.exec('env', [], { env: { HTTPS_PROXY: 'http://127.0.0.1:3128' } });
      expect(r.stdout).toContain('HTTPS_PROXY=http://127.0.0.1:3128');
      expect(r.stdout).not.toMatch(/^(NODE_OPTIONS|VITEST|http_proxy|no_proxy)=/m);
      const t = await ns.exec('sleep', ['5'], { timeoutMs: 200 });
      expect(t.timedOut).toBe(true);
    } finally {
      await ns.destroy();
    }
  });

  it('destroy kills every process, deletes the namespace and its /etc/netns folder', async () => {
    const ns = await createNamespace();
    const proc = ns.spawn('sleep', ['60']);
    // A process the harness did not start, found through `ip netns pids`: forked into a session of
    // its own (setsid -f), it writes its pid before it becomes the sleep, so the pid is the sleep's.
    const pidFile = `${ns.dir}/stray.pid`;
    await ns.exec('setsid', ['-f', 'sh', '-c', `echo $$ > ${pidFile}; exec sleep 60 >/dev/null 2>&1 </dev/null`]);
    await expect.poll(() => existsSync(pidFile) && readFileSync(pidFile, 'utf8').trim() !== '').toBe(true);
    const strayPid = Number(readFileSync(pidFile, 'utf8').trim());
    try {
      expect(pidAlive(proc.pid)).toBe(true);
      expect(pidAlive(strayPid)).toBe(true);
    } finally {
      await ns.destroy();
    }
    expect(pidAlive(proc.pid)).toBe(false);
    await expect.poll(() => pidAlive(strayPid)).toBe(false);
    expect(await netnsList()).not.toContain(ns.name);
    expect(existsSync(`/etc/netns/${ns.name}`)).toBe(false);
    expect(existsSync(ns.dir)).toBe(false);
  });

  it('links two namespaces with a veth pair in the benchmarking range', async () => {
    const a = await createNamespace();
    const b = await createNamespace();
    try {
      const l = await link(a, b);
      expect(l.addrA).toMatch(/^198\.18\.\d+\.1$/);
      await startListeners(b, [{ kind: 'banner', host: l.addrB, port: 2222, text: 'hello from b\n' }]);
      const r = await tcpConnect(a, l.addrB, 2222);
      expect(r.outcome).toBe('connected');
      // The pair lives only inside the two namespaces.
      expect((await execTracked('ip', ['-o', 'link'])).stdout).not.toContain(l.ifA);
    } finally {
      await Promise.all([a.destroy(), b.destroy()]);
    }
  });

  it('removes namespaces when the creating process exits without destroying them', async () => {
    const script = [
      "import { createNamespace } from './test/harness/netns.ts';",
      'const ns = await createNamespace();',
      "ns.spawn('sleep', ['60']);",
      'console.log(ns.name);',
      'process.exit(0);',
    ].join('\n');
    const r = await execTracked(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { cwd: REPO, timeoutMs: 15_000 });
    const name = r.stdout.trim();
    expect(name).toMatch(/^netreq-\d+-1$/);
    expect(await netnsList()).not.toContain(name);
    expect(existsSync(`/etc/netns/${name}`)).toBe(false);
  });

  it('sweeps namespaces left by a creator that was killed outright', async () => {
    // A pid that just exited stands for a test process killed with SIGKILL.
    const child = await execTracked('sh', ['-c', 'echo $$']);
    const name = `netreq-${child.stdout.trim()}-99`;
    await execTracked('ip', ['netns', 'add', name]);
    const ns = await createNamespace();
    try {
      expect(await netnsList()).not.toContain(name);
    } finally {
      await ns.destroy();
    }
  });

  it('leaves no namespace of this process behind', async () => {
    expect((await netnsList()).filter((n) => n.startsWith(`netreq-${process.pid}-`))).toEqual([]);
  });
});
