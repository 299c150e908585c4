// squid as a site's forward proxy inside a namespace, one instance per call with its own
// squid.conf, logs and service name (so instances never share /dev/shm segments or pid files).
import { chmod, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createCa, htpasswdLine, type TestCa } from './certs.js';
import type { Netns } from './netns.js';
import { run } from './proc.js';

export const SQUID_HELPERS = '/usr/lib/squid';
const SQUID_USER = 'proxy'; // Debian's cache_effective_user

export interface SquidOptions {
  readonly listen?: string;
  readonly port?: number;
  /** Basic authentication through basic_ncsa_auth and an htpasswd file. */
  readonly auth?: { readonly user: string; readonly password: string; readonly realm?: string };
  /** When set, only these dstdomain entries are allowed (`.example.com` covers subdomains). */
  readonly allowDomains?: readonly string[];
  /** Denied dstdomain entries (checked first). */
  readonly denyDomains?: readonly string[];
  /** Every request goes to this parent (cache_peer + never_direct): a dead port makes the upstream unreachable. */
  readonly parent?: { readonly host: string; readonly port: number };
  /** SSL bump: re-sign every CONNECT with a CA of squid's own (made here). */
  readonly bump?: boolean | { readonly caName?: string };
  /** CA file squid trusts for origins when it bumps (the namespace's "public" CA). */
  readonly upstreamCaFile?: string;
  /** squid's own resolvers (dns_nameservers); default the namespace's 127.0.0.1. */
  readonly dnsNameservers?: readonly string[];
  readonly dnsTimeoutSeconds?: number;
  readonly connectTimeoutSeconds?: number;
  /** Raw squid.conf lines, inserted before the http_access rules. */
  readonly extra?: readonly string[];
}

export interface Squid {
  readonly host: string;
  readonly port: number;
  /** http://[user:password@]host:port */
  readonly url: string;
  readonly dir: string;
  /** The CA squid re-signs with, when bumping. */
  readonly bumpCa?: TestCa;
  accessLog(): Promise<string>;
  cacheLog(): Promise<string>;
  stop(): Promise<void>;
}

let instances = 0;

interface Files {
  readonly dir: string;
  readonly htpasswd?: string;
  readonly bumpCa?: TestCa;
  readonly sslDb?: string;
}

export function squidConfig(opts: SquidOptions, files: Files): string {
  const host = opts.listen ?? '127.0.0.1';
  const port = opts.port ?? 3128;
  const d = files.dir;
  const bump = files.bumpCa
    ? ` ssl-bump tls-cert=${files.bumpCa.certPath} tls-key=${files.bumpCa.keyPath} generate-host-certificates=on dynamic_cert_mem_cache_size=4MB`
    : '';
  const l = [
    `http_port ${host.includes(':') ? `[${host}]` : host}:${port}${bump}`,
    `pid_filename ${d}/squid.pid`,
    `cache_log ${d}/cache.log`,
    `access_log stdio:${d}/access.log squid`,
    'cache_store_log none',
    `coredump_dir ${d}`,
    'netdb_filename none',
    'pinger_enable off',
    'logfile_rotate 0',
    'shutdown_lifetime 1 second',
    'cache deny all',
    'visible_hostname netreq-test-proxy',
    `dns_nameservers ${(opts.dnsNameservers ?? ['127.0.0.1']).join(' ')}`,
    `dns_timeout ${opts.dnsTimeoutSeconds ?? 5} seconds`,
    `connect_timeout ${opts.connectTimeoutSeconds ?? 5} seconds`,
    'negative_dns_ttl 1 second',
    'acl CONNECT method CONNECT',
  ];
  if (files.htpasswd && opts.auth) {
    l.push(
      `auth_param basic program ${SQUID_HELPERS}/basic_ncsa_auth ${files.htpasswd}`,
      'auth_param basic children 2 startup=1 idle=1',
      `auth_param basic realm ${opts.auth.realm ?? 'netreq test proxy'}`,
      'acl authenticated proxy_auth REQUIRED',
    );
  }
  if (files.bumpCa && files.sslDb) {
    l.push(
      `sslcrtd_program ${SQUID_HELPERS}/security_file_certgen -s ${files.sslDb} -M 4MB`,
      'sslcrtd_children 3 startup=1 idle=1',
      'acl step1 at_step SslBump1',
      'ssl_bump peek step1',
      'ssl_bump bump all',
    );
    if (opts.upstreamCaFile) l.push(`tls_outgoing_options cafile=${opts.upstreamCaFile}`);
  }
  if (opts.parent) {
    l.push(`cache_peer ${opts.parent.host} parent ${opts.parent.port} 0 no-query no-digest name=upstream`, 'never_direct allow all');
  }
  l.push(...(opts.extra ?? []));
  if (opts.denyDomains?.length) l.push(`acl denied_sites dstdomain ${opts.denyDomains.join(' ')}`, 'http_access deny denied_sites');
  if (opts.allowDomains) {
    l.push(`acl allowed_sites dstdomain ${opts.allowDomains.join(' ')}`, 'http_access deny !allowed_sites');
  }
  if (files.htpasswd) l.push('http_access allow authenticated');
  else l.push('http_access allow all');
  l.push('http_access deny all');
  return `${l.join('\n')}\n`;
}

export async function startSquid(ns: Netns, opts: SquidOptions = {}): Promise<Squid> {
  const host = opts.listen ?? '127.0.0.1';
  const port = opts.port ?? 3128;
  if (host !== '127.0.0.1' && host !== '::1') await ns.addAddress(host);
  const dir = await ns.tempDir('squid');
  let htpasswd: string | undefined;
  if (opts.auth) {
    htpasswd = join(dir, 'htpasswd');
    await writeFile(htpasswd, `${await htpasswdLine(opts.auth.user, opts.auth.password)}\n`);
  }
  let bumpCa: TestCa | undefined;
  let sslDb: string | undefined;
  if (opts.bump) {
    const caName = (typeof opts.bump === 'object' ? opts.bump.caName : undefined) ?? 'netreq test squid inspection CA';
    bumpCa = await createCa(dir, caName, 'bump-ca');
    sslDb = join(dir, 'ssl_db');
    await run(`${SQUID_HELPERS}/security_file_certgen`, ['-c', '-s', sslDb, '-M', '4MB']);
  }
  const configFile = join(dir, 'squid.conf');
  const files: Files = { dir, ...(htpasswd ? { htpasswd } : {}), ...(bumpCa ? { bumpCa } : {}), ...(sslDb ? { sslDb } : {}) };
  await writeFile(configFile, squidConfig(opts, files));
  await run('chown', ['-R', `${SQUID_USER}:${SQUID_USER}`, dir]);
  await chmod(dir, 0o755);

  const service = `netreq${process.pid}x${++instances}`;
  await ns.run('squid', ['-k', 'parse', '-f', configFile, '-n', service]);
  const proc = ns.spawn('squid', ['-N', '-d', '1', '-f', configFile, '-n', service]);
  await proc.waitForOutput(/Accepting (SSL bumped )?HTTP Socket connections/, 15_000);
  await ns.waitForPort(port);
  const stop = (): Promise<void> => proc.stop(3_000);
  ns.onDestroy(stop);
  const auth = opts.auth ? `${encodeURIComponent(opts.auth.user)}:${encodeURIComponent(opts.auth.password)}@` : '';
  const readLog = (f: string) => (): Promise<string> => readFile(join(dir, f), 'utf8').catch(() => '');
  return {
    host,
    port,
    url: `http://${auth}${host.includes(':') ? `[${host}]` : host}:${port}`,
    dir,
    ...(bumpCa ? { bumpCa } : {}),
    accessLog: readLog('access.log'),
    cacheLog: readLog('cache.log'),
    stop,
  };
}
